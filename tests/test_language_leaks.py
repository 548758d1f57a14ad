"""Every page a person reaches reads in the page's language, not only the catalogues (issue 7).

With the seed_demo data, every GET page of the URLconf (found like tests/test_url_walk.py finds
them) is rendered for each role in English, Portuguese and French. From the visible text (tags,
scripts and styles stripped; alt/title/aria-label/placeholder kept) we look for leaks:

* a project msgid (English) whose translation in that language differs, shown untranslated;
* a Spanish reference-data name (mesa, objective, country, actor type, agency) on a page in
  another language whose own name differs (the `_es` field read instead of the translated one);
* the Spanish translation of a project string on a non-Spanish page (a hard-coded Spanish text
  that also exists in the catalogue).

Text that comes from data (member names, meeting titles, descriptions…) is ignored: a candidate is
dropped when it only occurs inside a value stored in the database. Very short msgids (≤ 3 chars)
and msgids that are ordinary words of the target language (they occur in that language's own
translations) are ignored too.

A second test looks at form widgets: the choice labels of the settings, registration and filter
forms (time zones, countries, actor types, statuses) are in the page's language.
"""

from __future__ import annotations

import io
import itertools
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mecanismo.core.demo import ACCOUNTS
from tests.test_url_walk import ROLES, _pick, load_registry, project_routes, sample_source

ROOT = Path(__file__).resolve().parent.parent
OTHER_LANGUAGES = ["en", "pt", "fr"]
SKIP_ROUTES = re.compile(r"^(admin:|api:|core:set_language|set_language)|logout|download|export")
SKIP_DIRS = {".venv", "node_modules", ".git", "staticfiles", "media", "var"}
KEPT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Names of languages (the language switcher shows each in its own language, with a lang
# attribute) and words that are the same in several languages.
ALWAYS_OK = {"Español", "English", "Português", "Français"}


class _Text(HTMLParser):
    """Visible text of a page, one chunk per text node or kept attribute; elements carrying a
    different `lang` attribute (language switcher) are left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.chunks: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_lang = bool(attrs.get("lang")) and attrs["lang"][:2] != self.lang
        hidden = tag in {"script", "style", "template"} or other_lang
        if not self._hidden() and not hidden:
            for name in KEPT_ATTRIBUTES & attrs.keys():
                if attrs[name]:
                    self.chunks.append(attrs[name])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.chunks.append(data)


def visible_text(html: str, lang: str) -> str:
    parser = _Text(lang)
    parser.feed(html)
    return "\n".join(" ".join(chunk.split()) for chunk in parser.chunks)


# ------------------------------------------------------------------------------ catalogues


def catalogues(lang: str) -> list[Path]:
    found = []
    for path in ROOT.rglob(f"locale/{lang}/LC_MESSAGES/django.po"):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            found.append(path)
    return sorted(found)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{.*?\}\}|\{\w*\}")
TAG = re.compile(r"<[^>]+>")


def _pattern(text: str) -> re.Pattern | None:
    """A regex for a msgid as it shows on a page: placeholders match anything short, markup
    disappears, whitespace is flexible. None when no literal part is long enough."""
    text = TAG.sub(" ", text)
    parts = PLACEHOLDER.split(text)
    literal = [" ".join(p.split()) for p in parts]
    if max((len(p) for p in literal), default=0) <= 3:
        return None
    body = r".{1,120}?".join(r"\s+".join(map(re.escape, p.split())) for p in literal)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


@cache
def translated_entries(lang: str) -> list[tuple[str, str, re.Pattern]]:
    """(msgid, msgstr, pattern) for every project entry whose translation differs from the
    English original, minus words the target language itself uses."""
    entries, own_words = {}, []
    for path in catalogues(lang):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr or entry.msgid_plural:
                own_words.extend(entry.msgstr_plural.values() if entry.msgid_plural else [])
                continue
            own_words.append(entry.msgstr)
            msgid = entry.msgid
            if len(msgid.strip()) <= 3 or entry.msgstr.strip() == msgid.strip():
                continue
            if msgid in ALWAYS_OK:
                continue
            entries[msgid] = entry.msgstr
    corpus = "\n".join(own_words)
    result = []
    for msgid, msgstr in entries.items():
        pattern = _pattern(msgid)
        if pattern is None or pattern.search(corpus):
            continue  # also a word/phrase of the target language (e.g. "Description" in fr)
        result.append((msgid, msgstr, pattern))
    return result


@cache
def spanish_only_strings() -> list[tuple[str, re.Pattern]]:
    """Spanish translations of project strings that exist in none of the other languages'
    catalogues nor as an English msgid (a Spanish word shown on an English page is a leak)."""
    spanish = {}
    for path in catalogues("es"):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            text = " ".join(entry.msgstr.split())
            if len(text) >= 12 and " " in text and text != entry.msgid and "%" not in text:
                spanish[text] = entry.msgid
    others = []
    for lang in OTHER_LANGUAGES:
        for path in catalogues(lang):
            for entry in polib.pofile(str(path)):
                others += [entry.msgid, entry.msgstr, *entry.msgstr_plural.values()]
    corpus = "\n".join(others)
    result = []
    for text in spanish:
        pattern = _pattern(text)
        if pattern is not None and "<" not in text and not pattern.search(corpus):
            result.append((text, pattern))
    return result


# ------------------------------------------------------------------------------ data


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for model in apps.get_models():
        path = Path(model._meta.app_config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield model


def data_values() -> str:
    """Every text stored by the demo data (names, titles, descriptions, addresses…), to tell
    content from interface. Reference data is included: its translated fields are data."""
    values = []
    for model in _project_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields:
            for row in model._default_manager.values_list(*fields)[:5000]:
                values += [" ".join(str(v).split()) for v in row if v and len(str(v)) > 3]
    return "\n".join(values)


def reference_names() -> dict[str, list[tuple[str, re.Pattern]]]:
    """Per language: Spanish names of reference data whose name in that language differs."""
    from mecanismo.core.models import ActorType, Agency, Country, Mesa, Objective

    result = {lang: [] for lang in OTHER_LANGUAGES}
    for model, field in [
        (Mesa, "name"),
        (Objective, "title"),
        (Country, "name"),
        (ActorType, "name"),
        (Agency, "name"),
    ]:
        for obj in model.objects.all():
            spanish = getattr(obj, f"{field}_es")
            for lang in OTHER_LANGUAGES:
                own = getattr(obj, f"{field}_{lang}") or ""
                if spanish and own and spanish != own and len(spanish) > 3:
                    result[lang].append(
                        (spanish, re.compile(rf"(?<!\w){re.escape(spanish)}(?!\w)"))
                    )
    return result


# ------------------------------------------------------------------------------ pages


def page_urls(lang: str) -> list[tuple[str, str]]:
    registry = load_registry()
    urls = []
    for route in project_routes():
        if SKIP_ROUTES.search(route.name):
            continue
        values = {}
        for param in route.params:
            source = sample_source(route, param, registry)
            picked = _pick(source()) if source else []
            if not picked:
                break
            values[param] = picked[:1]
        else:
            for combo in itertools.product(*values.values()) if values else [()]:
                kwargs = dict(zip(values, combo, strict=True))
                with translation.override(lang):
                    url = reverse(route.name, kwargs=kwargs)
                if url.startswith(f"/{lang}/"):
                    urls.append((route.name, url))
    return urls


def find_leaks(text: str, lang: str, data: str, reference) -> list[str]:
    found = []
    for msgid, msgstr, pattern in translated_entries(lang):
        match = pattern.search(text)
        if match and not _only_in_data(match.group(0), text, data):
            found.append(f"{msgid!r} (should read {msgstr!r})")
    for spanish, pattern in reference[lang]:
        match = pattern.search(text)
        if match and not _only_in_data(match.group(0), text, data, reference_ok=False):
            found.append(f"Spanish reference data {spanish!r}")
    for spanish, pattern in spanish_only_strings():
        match = pattern.search(text)
        if match and not _only_in_data(match.group(0), text, data):
            found.append(f"Spanish interface text {spanish!r}")
    return found


def _only_in_data(found: str, text: str, data: str, reference_ok: bool = True) -> bool:
    """True when every line of the page showing `found` is (part of) a stored value."""
    if not reference_ok:
        # Reference names are data too, but must be read in the page's language: only
        # free-text data (a description mentioning the name) excuses them.
        pass
    for line in text.splitlines():
        if found in line and line not in data and not _line_in_data(line, found, data):
            return False
    return True


def _line_in_data(line: str, found: str, data: str) -> bool:
    # The stored value containing `found` also shows on that line (e.g. "Title · 12 March").
    start = 0
    while (index := data.find(found, start)) != -1:
        begin = data.rfind("\n", 0, index) + 1
        end = data.find("\n", index)
        value = data[begin : end if end != -1 else None]
        if value in line or line in value:
            return True
        start = index + 1
    return False


@pytest.fixture
def demo(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_demo", stdout=io.StringIO())
    from mecanismo.core.models import User

    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        user = User.objects.get(email=ACCOUNTS[role][0])
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.mark.django_db
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_page_shows_untranslated_interface_text(demo, lang):
    data = data_values()
    reference = reference_names()
    urls = page_urls(lang)
    assert len(urls) > 30, urls
    leaks: dict[str, set[str]] = {}
    checked = 0
    for role, client in demo.items():
        for _name, url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            if "text/html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            text = visible_text(response.content.decode(), lang)
            for leak in find_leaks(text, lang, data, reference):
                leaks.setdefault(leak, set()).add(f"{role} {url}")
    assert checked > 60, f"only {checked} pages rendered"
    assert not leaks, f"{len(leaks)} untranslated text(s) on /{lang}/ pages:\n" + "\n".join(
        f"- {leak}: {', '.join(sorted(where)[:3])}" for leak, where in sorted(leaks.items())
    )


def _options(html: str, name: str) -> dict[str, tuple[str, str]]:
    """value → (label, lang attribute) of the options of <select name=...>."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    found = {}
    for attrs, label in re.findall(r"<option([^>]*)>(.*?)</option>", select.group(1), re.S):
        value = re.search(r'value="([^"]*)"', attrs)
        lang = re.search(r'lang="([^"]*)"', attrs)
        found[value.group(1) if value else ""] = (label.strip(), lang.group(1) if lang else "")
    return found


@pytest.mark.django_db
def test_choice_labels_follow_the_page_language(demo):
    from mecanismo.core.models import ActorType, Country

    member = demo["member"]
    expected_zone = {
        "es": "Ciudad de México",
        "en": "Mexico City",
        "pt": "Cidade do México",
        "fr": "Mexico (Mexique)",
    }
    for lang, city in expected_zone.items():
        with translation.override(lang):
            settings_url = reverse("core:settings")
            directory_url = reverse("membership:directory")
        html = member.get(settings_url).content.decode()
        zones = _options(html, "time_zone")
        assert city in zones["America/Mexico_City"][0], (lang, zones["America/Mexico_City"])
        assert "America/" not in " ".join(label for label, _l in zones.values())
        languages = _options(html, "language")
        assert {v: lg for v, (_label, lg) in languages.items()} == {
            "es": "es",
            "en": "en",
            "pt": "pt",
            "fr": "fr",
        }
        page = member.get(directory_url).content.decode()
        countries = {v: label for v, (label, _l) in _options(page, "country").items() if v}
        assert countries
        for pk, label in countries.items():
            assert label == getattr(Country.objects.get(code=pk), f"name_{lang}")
        actors = {v: label for v, (label, _l) in _options(page, "actor_type").items() if v}
        assert actors
        for pk, label in actors.items():
            assert label == getattr(ActorType.objects.get(code=pk), f"name_{lang}")
        subregions = _options(page, "subregion")
        with translation.override(lang):
            from mecanismo.core.models import Subregion

            assert subregions["caribbean"][0] == str(Subregion.CARIBBEAN.label)
        if lang != "en":
            assert subregions["caribbean"][0] != "Caribbean"
