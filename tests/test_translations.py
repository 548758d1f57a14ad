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
# Upstream msgids (allauth's, Django's) re-worded in one language only (mecanismo/core/
# allauth_usted.py, month_names.py): elsewhere the empty msgstr is left out of the .mo, so the
# upstream translation shows.
UPSTREAM_ONLY_IN = re.compile(r"upstream wording, only in: (\w+)")
# A number of things said in a sentence needs plural forms (issue 10: "1 presentes"). Names that
# hold counts in this code base: n_<what> annotations, counter/count, <what>_count, |length.
COUNT_EXPRESSION = re.compile(r"\bn_\w+|\bcount(er)?\b|\w+_count\b|\|length\b|\.count\b")
COUNT_PLACEHOLDER = re.compile(r"%\((count|counter|\w+_count|n_\w+)\)[sd]")
# Numbers that are not counted things in a sentence ("Step 2 of 4").
NOT_COUNTS = re.compile(r"\bstep_count\b")
BLOCKTRANSLATE_WITH = re.compile(r"{%\s*blocktrans(?:late)?\s+(?!count\b)([^%]*?)%}")


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
    nplurals = int(
        re.search(r"nplurals=(\d+)", po.metadata.get("Plural-Forms", "nplurals=2")).group(1)
    )
    lang = po_path.parent.parent.name
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{entry.msgid[:60]!r}"
        only = UPSTREAM_ONLY_IN.search(entry.comment or "")
        if only and lang != only.group(1):
            continue
        if entry.msgid_plural and len(entry.msgstr_plural) < nplurals:
            problems.append(f"{nplurals} plural forms needed: {where}")
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


def test_counts_in_catalogues_have_plural_forms():
    """A msgid that names a count (%(count)s, %(n_present)s…) without msgid_plural reads "1
    presentes" somewhere: use ngettext / {% blocktranslate count %}."""
    problems = []
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and not entry.msgid_plural:
                if COUNT_PLACEHOLDER.search(entry.msgid):
                    problems.append(f"{po_path.relative_to(ROOT)}: {entry.msgid[:70]!r}")
    assert not problems, "counts without plural forms:\n" + "\n".join(sorted(set(problems)))


def test_templates_pass_counts_to_blocktranslate_with_count():
    """`{% blocktranslate with n=meeting.n_present %}{{ n }} present…` has no plural forms; a
    count goes through `{% blocktranslate count counter=… %}…{% plural %}…`."""
    problems = []
    for path in sorted(ROOT.rglob("*.html")) + sorted(ROOT.rglob("*.txt")):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS.intersection(rel.parts) or "templates" not in rel.parts:
            continue
        for match in BLOCKTRANSLATE_WITH.finditer(path.read_text(encoding="utf-8")):
            if COUNT_EXPRESSION.search(NOT_COUNTS.sub("", match.group(1))):
                problems.append(f"{rel}: {match.group(0)[:90]}")
    assert not problems, "counts without plural forms:\n" + "\n".join(problems)
