"""All four catalogues are complete (issue 3): no empty or fuzzy msgstr in any of the project's
catalogues (root locale/ and every <app>/locale/), placeholders kept, the four languages present."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["es", "en", "pt", "fr"]
SKIP_DIRS = {".venv", "node_modules", ".git", "staticfiles", "media", "var"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def locale_dirs() -> list[Path]:
    found = []
    for path in ROOT.rglob("locale"):
        rel = path.relative_to(ROOT)
        if path.is_dir() and not SKIP_DIRS.intersection(rel.parts):
            found.append(path)
    return sorted(found)


def catalogues() -> list[Path]:
    return sorted(p for d in locale_dirs() for p in d.glob("*/LC_MESSAGES/django.po"))


def test_the_root_catalogue_exists_in_four_languages():
    for lang in LANGUAGES:
        po = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        assert po.exists(), f"missing {po.relative_to(ROOT)}"
        assert len(polib.pofile(str(po))) > 50, f"{po.relative_to(ROOT)} is nearly empty"


def test_every_catalogue_directory_has_the_four_languages():
    problems = []
    for directory in locale_dirs():
        if not list(directory.glob("*/LC_MESSAGES/django.po")):
            continue
        for lang in LANGUAGES:
            if not (directory / lang / "LC_MESSAGES" / "django.po").exists():
                problems.append(f"{directory.relative_to(ROOT)}: no {lang}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_empty_or_fuzzy_translation(po_path):
    po = polib.pofile(str(po_path))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not text.strip() for text in forms.values()):
                problems.append(f"empty plural form: {where}")
            translations = list(forms.values())
        else:
            if not entry.msgstr.strip():
                problems.append(f"empty: {where}")
            translations = [entry.msgstr]
        wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        for text in translations:
            if text and set(PLACEHOLDER.findall(text)) - wanted:
                problems.append(f"placeholder not in the original: {where} → {text[:60]!r}")
            if text and not entry.msgid_plural and wanted - set(PLACEHOLDER.findall(text)):
                problems.append(f"placeholder lost: {where} → {text[:60]!r}")
    assert not problems, f"{po_path.relative_to(ROOT)}:\n" + "\n".join(problems)
