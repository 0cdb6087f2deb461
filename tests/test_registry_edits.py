"""Each registered disagreement and safety statement is guarded: a silent edit of it, in either language, makes
the content check fail and point at the edited file (as the finding's file, or named in its message)."""

from __future__ import annotations

import pytest
from sitetools.content_check import check

WARNING = "docs/_includes/{lang}/both/warning-signs.md"
DRUGS = "docs/_includes/{lang}/metastasis/blood-thinners.md"
BOTH_DRUGS = "docs/_includes/{lang}/both/blood-thinners.md"
MET_LEAKS = "docs/_includes/{lang}/metastasis/complications.md"
OST_RISKS = "docs/_includes/{lang}/osteoporosis/complications.md"
MET_PAIN = "docs/_includes/{lang}/metastasis/pain.md"
OST_PAIN = "docs/_includes/{lang}/osteoporosis/pain.md"
MET_BEFORE = "docs/{lang}/metastasis/before.md"
OST_BEFORE = "docs/{lang}/osteoporosis/before.md"
MET_INDEX = "docs/{lang}/metastasis/index.md"
GLOSSARY = "docs/{lang}/glossary.md"

# fact id -> file, then per language: (text on the page, what a careless edit makes of it)
EDITS = {
    "warning-emergency-samu": (
        WARNING,
        {"fr": ("le 15 (SAMU)", "le 18 (SAMU)"), "en": ("Call 15 (SAMU", "Call 18 (SAMU")},
    ),
    "warning-emergency-112": (
        WARNING,
        {"fr": ("ou le 112", "ou le 911"), "en": ("service) or 112", "service) or 911")},
    ),
    "warning-sign-weakness": (
        WARNING,
        {
            "fr": ("perdent de la force, ou vous avez du mal à marcher", "sont lourds"),
            "en": ("lose strength, or you find it hard to walk", "feel heavy"),
        },
    ),
    "warning-sign-numbness": (
        WARNING,
        {
            "fr": ("Vous sentez moins bien vos jambes", "Vous avez froid aux jambes"),
            "en": ("You feel less in", "You are cold in"),
        },
    ),
    "warning-sign-bladder-bowel": (
        WARNING,
        {"fr": ("vos urines ou vos selles", "votre appétit"), "en": ("your urine or your stools", "your appetite")},
    ),
    "warning-sign-nerve-pain": (
        WARNING,
        {"fr": ("suit le trajet d'un nerf", "apparaît"), "en": ("runs along the path of a nerve", "appears")},
    ),
    "warning-cancer-emergency": (
        WARNING,
        {"fr": ("comprimée est une urgence", "comprimée est un souci"), "en": ("is an emergency", "is a worry")},
    ),
    "warning-sign-fever": (WARNING, {"fr": ("de la fièvre", "chaud"), "en": ("a fever", "a cold")}),
    "warning-sign-wound": (
        WARNING,
        {"fr": ("rouge, chaude ou gonflée", "gonflée"), "en": ("red, hot or swollen", "swollen")},
    ),
    "warning-sign-pain-worse": (
        WARNING,
        {
            "fr": ("douleur augmente au lieu de baisser", "douleur ne baisse pas"),
            "en": ("pain gets worse", "pain stays"),
        },
    ),
    "warning-call-team": (
        WARNING,
        {
            "fr": ("Appelez sans attendre votre équipe soignante", "Prévenez votre équipe soignante"),
            "en": ("Call your care team straight away", "Tell your care team"),
        },
    ),
    "metastasis-plavix-may-continue": (
        DRUGS,
        {"fr": ("peut être continué", "doit être arrêté"), "en": ("may be continued", "must be stopped")},
    ),
    "metastasis-heparin-bridging-preferable": (
        DRUGS,
        {
            "fr": ("ce centre juge préférable d'adapter", "ce centre impose d'adapter"),
            "en": ("finds it preferable", "requires"),
        },
    ),
    "kardegic-generic-name": (
        DRUGS,
        {"fr": ("acétylsalicylate de lysine", "paracétamol"), "en": ("lysine acetylsalicylate", "paracetamol")},
    ),
    "plavix-generic-name": (
        DRUGS,
        {"fr": ("générique : clopidogrel", "générique : ticagrélor"), "en": ("name: clopidogrel", "name: ticagrelor")},
    ),
    "metastasis-kardegic-not-stopped": (
        DRUGS,
        {
            "fr": ("n'a pas besoin d'être arrêté", "doit être arrêté"),
            "en": ("does not need to be stopped", "must be stopped"),
        },
    ),
    "other-blood-thinner-ask-team": (
        BOTH_DRUGS,
        {
            "fr": ("demandez à votre équipe avant de changer quoi que ce soit", "faites comme pour les autres"),
            "en": ("ask your team before changing anything", "do the same as for the others"),
        },
    ),
    "metastasis-leaks-frequent": (
        MET_LEAKS,
        {
            "fr": ("Ces fuites sont fréquentes.", "Ces fuites sont exceptionnelles."),
            "en": ("These leaks are frequent.", "These leaks are exceptional."),
        },
    ),
    "metastasis-leaks-mostly-harmless": (
        MET_LEAKS,
        {
            "fr": ("Presque toutes ces fuites", "Toutes ces fuites"),
            "en": ("Almost all of these leaks", "All of these leaks"),
        },
    ),
    "osteoporosis-leak-risk-low": (
        OST_RISKS,
        {
            "fr": ("fuite du ciment est faible", "fuite du ciment est élevé"),
            "en": ("cement leak is low", "cement leak is high"),
        },
    ),
    "osteoporosis-leak-usually-harmless": (
        OST_RISKS,
        {
            "fr": ("elle n'a en général aucune conséquence", "elle n'a jamais de conséquence"),
            "en": ("it usually has no effect", "it never has an effect"),
        },
    ),
    "osteoporosis-infection-risk-below": (
        OST_RISKS,
        {"fr": ("de moins de 1 % (< 1 %)", "de 1 %"), "en": ("less than 1 % (< 1 %)", "1 %")},
    ),
    "metastasis-anaesthesia-sedation-or-general": (
        MET_PAIN,
        {
            "fr": ("(anesthésie générale)", "(anesthésie locale)"),
            "en": ("(general anaesthesia)", "(local anaesthesia)"),
        },
    ),
    "metastasis-local-anaesthesia-on-request": (
        MET_PAIN,
        {
            "fr": ("Si vous le demandez, une anesthésie locale", "Une anesthésie locale"),
            "en": ("If you ask, local anaesthesia", "Local anaesthesia"),
        },
    ),
    "metastasis-local-anaesthesia-prone": (
        MET_PAIN,
        {"fr": ("durant 30 minutes", "durant 60 minutes"), "en": ("for 30 minutes", "for 60 minutes")},
    ),
    "osteoporosis-anaesthesia-sedation": (
        OST_PAIN,
        {
            "fr": ("sous sédation (anesthésie légère)", "sous anesthésie générale"),
            "en": ("under sedation (light anaesthesia)", "under general anaesthesia"),
        },
    ),
    "metastasis-imaging-spine": (MET_BEFORE, {"fr": ("**et** une IRM de", "de"), "en": ("**and** an MRI of", "of")}),
    "metastasis-imaging-pelvis": (
        MET_BEFORE,
        {
            "fr": ("le scanner seul suffit", "une IRM est nécessaire"),
            "en": ("the CT scan alone is enough", "an MRI is needed"),
        },
    ),
    "osteoporosis-imaging-xray": (
        OST_BEFORE,
        {"fr": ("suffit souvent", "ne suffit jamais"), "en": ("is often enough", "is never enough")},
    ),
    "metastasis-contraindication-posterior-arch": (
        MET_INDEX,
        {
            "fr": ("n'est pas adaptée (contre-indication)", "reste possible"),
            "en": ("is not suitable (contraindication)", "is still possible"),
        },
    ),
    "osteoporosis-contraindication-unstable": (
        OST_BEFORE,
        {
            "fr": ("fracture est instable et demande", "fracture demande"),
            "en": ("fracture is unstable and needs", "fracture needs"),
        },
    ),
    "osteoporosis-contraindication-infection": (
        OST_BEFORE,
        {
            "fr": ("une infection en cours qui n'est pas soignée", "un rhume"),
            "en": ("an infection that is not being treated", "a cold"),
        },
    ),
    "osteoporosis-contraindication-canal-bulge": (
        OST_BEFORE,
        {
            "fr": ("bombe beaucoup vers le canal", "gêne le canal"),
            "en": ("bulges a lot into the canal", "narrows the canal"),
        },
    ),
}
# The glossary states the generic names too (its tooltips and definitions follow the same registry).
GLOSSARY_EDITS = {
    ("kardegic-generic-name", "fr"): ("acétylsalicylate de lysine, c'est-à-dire de l'aspirine", "paracétamol"),
    ("kardegic-generic-name", "en"): ("lysine acetylsalicylate, that is, aspirin", "paracetamol"),
    ("plavix-generic-name", "fr"): ("Plavix (clopidogrel)", "Plavix (ticagrélor)"),
    ("plavix-generic-name", "en"): ("Plavix (clopidogrel)", "Plavix (ticagrelor)"),
}

CASES = [
    (fact, lang, path.format(lang=lang), *texts[lang]) for fact, (path, texts) in EDITS.items() for lang in ("fr", "en")
]
CASES += [(fact, lang, GLOSSARY.format(lang=lang), old, new) for (fact, lang), (old, new) in GLOSSARY_EDITS.items()]


def test_the_unedited_project_passes(copy_of_project):
    assert [f.text() for f in check(copy_of_project).errors] == []


@pytest.mark.parametrize(
    ("fact", "lang", "path", "old", "new"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2].split('/')[-1]}" for c in CASES]
)
def test_editing_a_registered_statement_fails_the_check_at_that_file(copy_of_project, fact, lang, path, old, new):
    target = copy_of_project / path
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected the text {old!r} once"
    target.write_text(text.replace(old, new), encoding="utf-8")

    errors = check(copy_of_project).errors

    naming = [f.text() for f in errors if f"'{fact}'" in f.message and (f.path == path or path in f.message)]
    assert naming, f"no finding for '{fact}' naming {path}; found: {[f.text() for f in errors]}"
