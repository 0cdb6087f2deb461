"""A fresh copy of the check's base tree for each test."""

import shutil
from pathlib import Path

import pytest
from helpers.scenarios import BASE


@pytest.fixture
def tree(tmp_path) -> Path:
    root = (tmp_path / "tree").resolve()
    shutil.copytree(BASE, root)
    return root
