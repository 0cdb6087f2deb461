"""Every corpus case's full English report, word for word: the corpus harness (tests/content_check) pins the
path, line and rule of each finding; this pins the message and fix the reader sees, and the summary line.

The expected reports are tests/check/case_messages/<case>.txt. After changing a message on purpose, review
the diff of: python tests/check/test_case_messages.py (it rewrites them).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from sitetools.check import main

HERE = Path(__file__).parent
EXPECTED = HERE / "case_messages"
_spec = importlib.util.spec_from_file_location("corpus_cases", HERE.parent / "content_check" / "test_cases.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def report(name: str, tmp_path: Path, capsys) -> str:
    root = corpus.build_case(name, tmp_path)
    code = main(["--lang", "en", "--root", str(root), "--today", corpus.TODAY.isoformat()])
    out = capsys.readouterr().out.replace(str(tmp_path), "<tmp>")
    return f"exit {code}\n{out}"


@pytest.mark.parametrize("name", corpus.CASES)
def test_case_report_word_for_word(name, tmp_path, capsys):
    assert report(name, tmp_path, capsys) == (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")


def test_every_case_has_its_report_and_no_report_is_stale():
    assert sorted(path.stem for path in EXPECTED.glob("*.txt")) == sorted(corpus.CASES)


if __name__ == "__main__":
    import tempfile

    class _Capture:
        def readouterr(self):
            out = sys.stdout.getvalue()
            sys.stdout.seek(0)
            sys.stdout.truncate()
            return type("Captured", (), {"out": out})()

    import io

    for case in corpus.CASES:
        real, sys.stdout = sys.stdout, io.StringIO()
        try:
            with tempfile.TemporaryDirectory() as folder:
                text = report(case, Path(folder), _Capture())
        finally:
            sys.stdout = real
        (EXPECTED / f"{case}.txt").write_text(text, encoding="utf-8")
        print(case, text.splitlines()[-1])
