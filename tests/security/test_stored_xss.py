"""Stored XSS (issue 11, "Hostile input"): hostile text saved into every user-writable field must
come out escaped in every page, e-mail, PDF and calendar feed that shows it.

The fields are found, not listed: every CharField/TextField (URL and e-mail fields included) of
every project model is user-writable unless SYSTEM_FIELDS says why not (codes, keys, hashes
written by the code). A field added later gets payloads by itself; `test_every_text_field_*`
fails on a SYSTEM entry that went stale, on a ModelForm field declared "system", and on a form
field that matches no stored field (plain forms feed services: their field names are the model's).

One world: `seed_demo`, a few rows for models the demo leaves empty, then every row's text fields
overwritten at once with payloads numbered per field (`alert(17)` says which field leaked):
script tags, attribute break-outs (`"><img onerror>`, `'onmouseover=`), `</textarea>`,
`</title>`, SVG onload, a `javascript:` Markdown link, `{{7*7}}` (template injection shows as
`[[49]]`) and, in long texts, a line break followed by an iCalendar property. Markdown fields get
their stored HTML from the same sanitiser the services use. Then:

* pages: every URL pattern (the URL walk's samples) as visitor, member, coordinator, GT-SC and
  admin, plus the Django admin's list and change pages and the dashboard's PDF report request;
* e-mails: every periodic task runs on the hostile world and every message it queues is rendered
  by the outbox, and every project e-mail template is rendered with payloads in all its texts;
* PDFs: the HTML of every document, built by its builder as the worker does before WeasyPrint;
* calendars: every .ics answer of the walk must parse and carry no injected property.

Every HTML output is parsed with tinyhtml5 (the HTML5 parser WeasyPrint uses): no script element
without src, no on* attribute, no javascript:/vbscript:/data:text/html link, and no `[[49]]`.
"""

from __future__ import annotations

import io
import itertools
import re
import time
import uuid
from pathlib import Path

import pytest
import tinyhtml5
from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from mecanismo.core.demo import ACCOUNTS
from mecanismo.core.models import User
from mecanismo.documents.models import Document
from mecanismo.documents.services import document_build_html
from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import email_render
from mecanismo.schedule import BEAT_SCHEDULE
from mesas.markup import render_markdown
from tests.test_email_languages import project_email_templates, render_project, template_context
from tests.test_url_walk import (
    _pick,
    _segment_before,
    load_registry,
    project_routes,
    sample_source,
)

from .test_form_fuzzing import FORM_MODULES

ROOT = Path(settings.BASE_DIR)
# GT-SC staff see what admins see on the portal's pages (dashboards included); one sample value
# per URL parameter: every row holds the payloads, so one object shows them all (< 60 s).
ROLES = ["anonymous", "member", "coordinator1", "admin"]

# Text fields people never type: written by the code, or codes the code interprets. Each says why.
SYSTEM_FIELDS = {
    "core.User.password": "a password hash",
    "core.Country.code": "ISO 3166 code (reference data)",
    "core.Country.administered_by": "ISO 3166 code of the administering country",
    "core.AuditLog.action": "an action code from the code",
    "core.AuditLog.target_type": "a model label",
    "core.AuditLog.target_id": "a primary key",
    "outbox.OutboxMessage.key": "dedup key built by mecanismo.outbox.keys",
    "outbox.OutboxMessage.to": "copied from User.email (covered there)",
    "outbox.OutboxMessage.template": "a template name from the code",
    "outbox.OutboxMessage.language": "a language code",
    "outbox.OutboxMessage.last_error": "an exception message (admin only)",
    "documents.Document.key": "dedup key from the code",
    "documents.Document.builder": "dotted path imported by the worker",
    "documents.Document.filename": "built by the code from dates and ids",
    "documents.Document.access": "dotted path of an access rule",
    "documents.Document.language": "a language code",
    "documents.Document.error": "an exception message (admin only)",
    "membership.DisclosureRelease.scope": "a disclosure key from the code",
    "mesas.Meeting.time_zone": "an IANA zone name chosen from a list",
    "mesas.AgendaDocument.kind": "file type detected from the bytes",
    "mesas.Input.file_kind": "file type detected from the bytes",
    "mesas.FollowUp.status": "a status code of the follow-up track",
    "mesas.FollowUp.source_file_kind": "file type detected from the bytes",
    "communication.Announcement.attachment_kind": "file type detected from the bytes",
    "mesas.CalendarToken.token": "a random secret of a feed address",
    "vinculacion.Ballot.fingerprint": "a hash of the ballot tracker",
    "dashboards.MembershipEvent.subregion": "a subregion code copied by the code",
    "dashboards.MembershipEvent.country": "a country code copied by the code",
    "dashboards.MembershipEvent.actor_type": "an actor-type code copied by the code",
}
# Project form fields that are not stored as text under their own name.
FORM_FIELDS_NOT_STORED = {
    "speakers": "one Speaker.name per line",
    "panelists": "one Speaker.name per line",
    "month": "a calendar filter (YYYY-MM)",
    "contact_name": "stored as User.full_name",
    "password": "checked, never stored as text",
    "password1": "checked, never stored as text (the invitation's new password)",
    "password2": "checked, never stored as text (its confirmation)",
    "slug": "a slug (letters, digits, hyphens)",
    "action": "a button's value naming a state change",
    "q": "a search query (shown back escaped on the search pages)",
    "confirm": "a confirmation typed by the person, compared and dropped",
    "email": "stored as User.email (covered)",
    "reason": "stored as decision_reason / hidden_reason / cancel_reason (covered)",
    "comment": "stored as MinutesComment.text",
    "display_name": "stored as Candidacy.display_name",
    "owner_name": "stored as ActionItem.owner_name",
    "agreements": "one Agreement.text per line",
    "actions": "ActionItem rows",
    "paragraph": "a paragraph number",
    "addressees": "Addressee rows (country codes and actor texts)",
    "objectives": "objective numbers",
    "file": "an upload",
    "attachment": "an upload",
    "source_file": "an upload",
}
PARTS = (
    "<script>alert({n})</script>",
    '"><img src=x onerror=alert({n})>',
    "'onmouseover=alert({n}) '",
    "</textarea></title><svg onload=alert({n})>",
    "[[{{{{7*7}}}}]]",
    "[m{n}](javascript:alert({n}))",
    " z",  # plain text after the last marker (see suspicious())
)
SHORT = ("<svg onload=alert({n})>", "<i onclick=a({n})>")
ICS_INJECTION = "\nX-INJECTED:{n}"
TEMPLATE_INJECTION = "[[49]]"
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
MARKER = re.compile(r"(?:alert|a)\((\d+)\)")
# What an unescaped payload leaves in the raw text and an escaped one never does: a raw <, >, "
# or ' next to a marker, a tag of ours, an attribute break-out, a dangerous scheme in a link.
SUSPICIOUS = re.compile(
    r"(?:alert|a)\(\d+\)[)\s]{0,2}[<>\"']"
    r"|<(?:script|img|svg|i)\b[^>]{0,40}(?:alert|a)\(\d+\)"
    r"|['\"]onmouseover="
    r"|(?:href|src|action|formaction|data|poster)\s*=\s*[\"']?\s*(?:javascript|vbscript|data:text/html)"
    r"|\[\[49\]\]",
    re.IGNORECASE,
)


def project_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        path = Path(model._meta.app_config.path).resolve()
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            found.append(model)
    return found


def _is_text(field) -> bool:
    return isinstance(field, models.CharField | models.TextField)


def covered_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every text field a person writes: not a choice, not a slug, not derived (editable=False,
    or the stored HTML of a Markdown text), not declared in SYSTEM_FIELDS."""
    result = []
    for model in project_models():
        for field in model._meta.concrete_fields:
            if not _is_text(field) or field.choices or isinstance(field, models.SlugField):
                continue
            if not field.editable or field.name == "html":
                continue
            if f"{model._meta.label}.{field.name}" in SYSTEM_FIELDS:
                continue
            result.append((model, field))
    return sorted(result, key=lambda mf: (mf[0]._meta.label, mf[1].name))


def payload(n: int, field, pk: int | None = None) -> str:
    """Hostile text for field number n, within its max_length and valid for its type."""
    if isinstance(field, models.EmailField):
        return f"x'onmouseover=alert{n}'{{{{7*7}}}}+{pk}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/?q=\"><svg/onload=alert({n})>'onmouseover=alert({n})z"
    suffix = f" {pk}" if pk is not None else ""  # unique fields: one value per row
    text = "".join(part.format(n=n) for part in PARTS)
    if isinstance(field, models.TextField):
        text += ICS_INJECTION.format(n=n)
    limit = field.max_length
    if limit and len(text + suffix) > limit:
        text = next(s.format(n=n) for s in SHORT if len(s.format(n=n) + suffix) <= limit)
    return text + suffix


def _unique(model, field) -> bool:
    if field.unique:
        return True
    return any(field.name in getattr(c, "fields", ()) for c in model._meta.constraints) or any(
        field.name in together for together in model._meta.unique_together
    )


# ----------------------------------------------------------------------------- the checker


def suspicious(html: str) -> bool:
    """Cheap pre-check (the HTML5 parser costs ~2 ms per KB): False only when no payload can
    have been written out unescaped."""
    return bool(SUSPICIOUS.search(html))


def html_problems(html: str, where: str, *, always: bool = False) -> list[str]:
    """Script elements, on* attributes, dangerous links and evaluated templates, as a browser
    would parse `html`. Pages that `suspicious()` clears are not parsed unless `always`."""
    if not always and not suspicious(html):
        return []
    problems = []
    root = tinyhtml5.parse(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "script" and (not element.get("src") or "alert(" in (element.text or "")):
            problems.append(f"{where}: inline <script>{(element.text or '')[:60]}")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                problems.append(f"{where}: <{tag} {local}={value!r}>")
            if local in LINK_ATTRIBUTES or name.endswith("}href"):
                clean = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if clean.startswith(BAD_SCHEMES):
                    problems.append(f"{where}: <{tag} {local}={value!r}>")
    if TEMPLATE_INJECTION in html:
        problems.append(f"{where}: a stored {{{{7*7}}}} was evaluated as a template")
    return problems


def ics_problems(text: str, where: str) -> list[str]:
    problems = []
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        return [f"{where}: the feed does not parse ({exc})"]
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    for line in unfolded.splitlines():
        if line.upper().startswith("X-INJECTED"):
            problems.append(f"{where}: injected property {line!r}")
    for component in calendar.walk():
        alt = component.get("X-ALT-DESC")
        if alt is not None:
            problems += html_problems(str(alt), f"{where} X-ALT-DESC")
    return problems


def _field_names(problem: str, numbered: dict[int, str]) -> str:
    names = sorted(
        {numbered.get(int(n), "a text of the e-mail's context") for n in MARKER.findall(problem)}
    )
    return f"{problem}  ← {', '.join(names)}" if names else problem


# ------------------------------------------------------------------------------- the world


def _extras() -> None:
    """Rows for models the demo leaves empty, so that their fields are shown too."""
    from communication.models import Post, PostRevision
    from membership.models import MemberImport
    from mesas.models import (
        Meeting,
        Minutes,
        MinutesComment,
        Recommendation,
        RecommendationTranslation,
        RecommendationVersion,
        Speaker,
    )

    meeting = Meeting.objects.filter(is_public=True).order_by("pk").first()
    Speaker.objects.create(meeting=meeting, name="x", affiliation="x")
    author = User.objects.get(email=ACCOUNTS["member"][0])
    for minutes in Minutes.objects.all():
        MinutesComment.objects.create(minutes=minutes, author=author, text="x")
    rec = Recommendation.objects.order_by("pk").first()
    RecommendationVersion.objects.get_or_create(
        recommendation=rec, number=99, defaults={"title": "x", "text": "x", "html": "x"}
    )
    if not rec.translations.exists():
        RecommendationTranslation.objects.create(
            recommendation=rec, language="en", title="x", text="x"
        )
    for post in Post.objects.all()[:3]:
        PostRevision.objects.create(post=post, text="x")
    # A member import's dry run, by the admin (its file name is shown on the import's pages).
    MemberImport.objects.create(
        token=uuid.uuid4(),
        created_by=User.objects.get(email=ACCOUNTS["admin"][0]),
        filename="x.csv",
    )


def plant_payloads() -> dict[int, str]:
    """Overwrite every covered field of every row; returns field number → "app.Model.field"."""
    numbered = {}
    by_model: dict[type, list] = {}
    for n, (model, field) in enumerate(covered_fields(), start=1):
        numbered[n] = f"{model._meta.label}.{field.name}"
        by_model.setdefault(model, []).append((n, field))
    for model, fields in by_model.items():
        manager = model._base_manager
        shared = {f.attname: payload(n, f) for n, f in fields if not _unique(model, f)}
        if "text" in shared and any(f.name == "html" for f in model._meta.concrete_fields):
            shared["html"] = render_markdown(shared["text"])  # what the services store
        if shared:
            manager.update(**shared)
        per_row = [(n, f) for n, f in fields if _unique(model, f)]
        if per_row:
            rows = list(manager.all())
            for row in rows:
                for n, f in per_row:
                    setattr(row, f.attname, payload(n, f, row.pk))
            manager.bulk_update(rows, [f.name for _n, f in per_row], batch_size=500)
    return numbered


def _demo_clients() -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(User.objects.get(email=ACCOUNTS[role][0]))
        clients[role] = client
    return clients


def _walk_urls() -> list[str]:
    registry = load_registry()
    urls = []
    for route in project_routes():
        values = {}
        for param in route.params:
            source = sample_source(route, param, registry)
            picked = _pick(source()) if source else []
            if not picked:
                break
            values[param] = picked
        else:
            combos = list(itertools.product(*values.values()))[:1] if values else [()]
            urls += [reverse(route.name, kwargs=dict(zip(values, c, strict=True))) for c in combos]
    return urls


def _routes_by_model() -> dict[str, list[tuple[str, str]]]:
    """model name → the URL patterns with one id parameter naming it (as the URL walk reads
    them: `<model>_id`, or `pk` after a segment named like the model)."""
    by_model: dict[str, list[tuple[str, str]]] = {}
    for route in project_routes():
        if len(route.params) != 1:
            continue
        (param,) = route.params
        candidates = []
        if param.endswith("_id"):
            candidates.append(param[:-3].replace("_", ""))
        if param in {"pk", "id"}:
            segment = _segment_before(route.route, param).replace("-", "").replace("_", "")
            candidates += [segment, segment.removesuffix("s")]
        for name in dict.fromkeys(candidates):
            by_model.setdefault(name, []).append((route.name, param))
    return by_model


def _owner_urls(row, language: str, routes) -> list[str]:
    """The pages of `row` and of the objects it points to (its meeting, its body…): their own
    page and every pattern taking their id (a meeting's agenda, minutes, attendance…)."""
    from django.utils import translation

    urls = []
    targets = [row] + [
        getattr(row, f.name) for f in row._meta.concrete_fields if isinstance(f, models.ForeignKey)
    ]
    with translation.override(language):
        for target in targets:
            if target is None:
                continue
            for name, param in routes.get(target._meta.model_name, []):
                urls.append(reverse(name, kwargs={param: target.pk}))
            if hasattr(target, "get_absolute_url"):
                try:
                    urls.append(target.get_absolute_url())
                except Exception:  # noqa: BLE001, S112 - an object without a page of its own
                    continue
    return urls


def _pages_of_unseen(numbered: dict[int, str], seen: set[str]) -> list[str]:
    urls: dict[str, None] = {}
    routes = _routes_by_model()
    for n, label in numbered.items():
        if str(n) in seen:
            continue
        model_label, field_name = label.rsplit(".", 1)
        model = apps.get_model(model_label)
        suffix = field_name.rsplit("_", 1)[-1]
        language = suffix if suffix in {"en", "pt", "fr"} else settings.LANGUAGE_CODE
        for row in model._base_manager.order_by("-pk")[:1]:
            urls.update(dict.fromkeys(_owner_urls(row, language, routes)))
    return list(urls)


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


FEEDS: list[str] = []  # .ics answers checked (the summary line counts them)


def _check_response(response, where: str) -> tuple[list[str], str]:
    if response.status_code >= 500:
        return [f"{where}: {response.status_code} on hostile stored text"], ""
    if response.streaming or response.status_code != 200:
        return [], ""
    kind = response.get("Content-Type", "")
    text = response.content.decode("utf-8", "replace")
    if kind.startswith("text/html"):
        return html_problems(text, where), text
    if kind.startswith("text/calendar"):
        FEEDS.append(where)
        return ics_problems(text, where), text
    return [], text


def _hostile_context(value, n: int):
    """Payloads for every text of an e-mail context, except links, dates and codes the
    template interprets (those are built by the code, never typed)."""
    if isinstance(value, dict):
        return {k: v if _code_like(k, v) else _hostile_context(v, n) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_context(v, n) for v in value]
    if isinstance(value, str):
        return "".join(part.format(n=n) for part in PARTS)
    return value


def _code_like(key: str, value) -> bool:
    if not isinstance(value, str):
        return False
    return (
        key.endswith(("url", "_on", "when", "close", "open", "ends"))
        or key in {"kind", "period", "category", "tracker", "fingerprint", "site"}
        or value.startswith("http")
    )


# ------------------------------------------------------------------------------- the tests


def _project_form_classes():
    import importlib
    import inspect

    modules = [*FORM_MODULES, "mesas.forms_outputs", "vinculacion.forms", "communication.forms"]
    modules += ["dashboards.forms"]
    for name in dict.fromkeys(modules):
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, django_forms.BaseForm)
                and obj.__module__ == name
            ):
                yield obj


def test_every_text_field_is_covered_or_declared_system():
    text_fields = {
        f"{m._meta.label}.{f.name}": f
        for m in project_models()
        for f in m._meta.concrete_fields
        if _is_text(f)
    }
    stale = [name for name in SYSTEM_FIELDS if name not in text_fields]
    assert not stale, f"SYSTEM_FIELDS names fields that no longer exist: {stale}"
    covered = {f.name for _m, f in covered_fields()}
    problems = []
    for form_class in _project_form_classes():
        meta_model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if not isinstance(field, django_forms.CharField):
                continue
            if meta_model is not None:
                label = f"{meta_model._meta.label}.{name}"
                if label in SYSTEM_FIELDS:
                    problems.append(f"{form_class.__name__}.{name} is typed by people: {label}")
                continue
            if name not in covered and name not in FORM_FIELDS_NOT_STORED:
                problems.append(
                    f"{form_class.__module__}.{form_class.__name__}.{name}: no stored text "
                    "field has this name; say in FORM_FIELDS_NOT_STORED where it goes"
                )
    assert not problems, "\n".join(problems)
    # The payloads are storable: valid for their field type and within max_length.
    for n, (_model, field) in enumerate(covered_fields(), start=1):
        value = payload(n, field, 1)
        assert not field.max_length or len(value) <= field.max_length, (field, value)
        if isinstance(field, models.URLField):
            URLValidator()(value)
        if isinstance(field, models.EmailField):
            EmailValidator()(value)


def test_the_checker_sees_every_payload_unescaped_and_none_escaped():
    """The gate's own check: each payload written raw where it can do harm (text, a textarea, a
    quoted attribute its quote breaks) is caught by the pre-check and the parser; written
    escaped, none is."""
    from django.utils.html import escape

    fields = [models.CharField(max_length=300), models.CharField(max_length=20)]
    fields += [models.TextField(), models.URLField(), models.EmailField()]
    for field in fields:
        value = payload(7, field, 3)
        contexts = [
            (f"<p>{value}</p>", "<" in value),
            (f"<textarea>{value}</textarea>", "</textarea>" in value),
            (f'<p title="{value}">x</p>', '"' in value),
            (f"<p title='{value}'>x</p>", "'" in value),
            (f'<a href="{value}">x</a>', '"' in value),
        ]
        for raw, harmful in contexts:
            if harmful:
                assert suspicious(raw), raw
                assert html_problems(raw, "raw"), raw
        for shown in (f"<p>{escape(value)}</p>", f'<p title="{escape(value)}">x</p>'):
            assert not suspicious(shown), shown
            assert not html_problems(shown, "escaped", always=True), shown
    assert html_problems('<a href=" javascript:alert(7)">x</a>', "link")
    assert html_problems("<p>[[49]]</p>", "evaluated")


@pytest.mark.django_db
def test_no_stored_payload_reaches_any_output_unescaped(settings):
    started = time.monotonic()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_demo", stdout=io.StringIO())
    _extras()
    # Before the e-mail addresses become payloads (the samples look the demo accounts up).
    clients = _demo_clients()
    urls = [*_walk_urls(), *_admin_urls()]
    numbered = plant_payloads()
    problems: list[str] = []

    empty = [
        label
        for label in dict.fromkeys(v.rsplit(".", 1)[0] for v in numbered.values())
        if not apps.get_model(label)._base_manager.exists()
    ]
    assert not empty, f"the world has no rows of {empty}: add them in _extras()"

    # Pages, as every role; the admin's pages; the dashboard's PDF report.
    seen: set[str] = set()
    pages = 0
    FEEDS.clear()
    for url in urls:
        roles = ["admin"] if url.startswith("/admin/") else ROLES
        for role in roles:
            response = clients[role].get(url)
            found, text = _check_response(response, f"{role} GET {url}")
            problems += found
            seen.update(MARKER.findall(text))
            pages += 1
    # Fields no walked page showed: the pages of their rows and of the rows they belong to
    # (an agenda proposal on its meeting's page), in the field's language for translated ones.
    for url in _pages_of_unseen(numbered, seen):
        for role in ROLES:
            found, text = _check_response(clients[role].get(url), f"{role} GET {url}")
            problems += found
            seen.update(MARKER.findall(text))
            pages += 1
    pages_done = time.monotonic()
    report = clients["admin"].post(reverse("dashboards:report"), {})
    assert report.status_code in {302, 303}, report.status_code

    # E-mails: what the periodic tasks queue on this world, and every template with payloads.
    from mecanismo.celery import app as celery_app

    celery_app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery)
    # The demo's mail was queued before the payloads: forget it, so that the reminders' keys
    # are free and the tasks queue them again with today's (hostile) texts.
    OutboxMessage.objects.all().delete()
    for entry in BEAT_SCHEDULE.values():
        result = celery_app.tasks[entry["task"]].apply()
        if result.failed():
            problems.append(f"periodic task {entry['task']} failed: {result.result!r}")
    # Reminders fall due at their time: send the 7-day ones of the next meeting as on that day.
    import datetime

    from django.utils import timezone

    from mesas.models import Invitation, Meeting
    from mesas.services import meeting_reminders_send

    Invitation.objects.update(reminded_7d_at=None, reminded_1d_at=None)
    upcoming = Meeting.objects.filter(starts_at__gt=timezone.now(), status="scheduled")
    next_meeting = upcoming.filter(invitations__isnull=False).order_by("starts_at").first()
    meeting_reminders_send(now=next_meeting.starts_at - datetime.timedelta(days=3))
    queued = list(OutboxMessage.objects.select_related("user"))
    mails = hostile_mails = 0
    for message in queued:
        html = dict((m, c) for c, m in email_render(message).alternatives)["text/html"]
        problems += html_problems(html, f"e-mail {message.template} ({message.key})", always=True)
        markers = MARKER.findall(html)
        seen.update(markers)
        hostile_mails += bool(markers)
        mails += 1
    recipient = User.objects.get(pk=clients["member"].session["_auth_user_id"])
    for n, name in enumerate(project_email_templates(), start=900):
        context = _hostile_context(template_context(name, recipient, "es"), n)
        message = OutboxMessage(
            key=f"xss:{name}", user=recipient, to="x@example.org", template=name,
            context=context, category="membership", language="es",
        )  # fmt: skip
        html = dict((m, c) for c, m in email_render(message).alternatives)["text/html"]
        problems += html_problems(html, f"e-mail template {name}", always=True)
        mails += 1
    assert render_project  # the same renderer test_email_languages checks for languages

    # PDFs: the HTML each builder gives WeasyPrint.
    documents = list(Document.objects.all())
    assert any(d.builder == "dashboards.documents.report_pdf" for d in documents)
    for document in documents:
        html = document_build_html(document)
        problems += html_problems(html, f"PDF {document.builder} {document.params}", always=True)
        seen.update(MARKER.findall(html))

    assert FEEDS, "the walk met no .ics feed"
    assert hostile_mails, "no periodic task queued an e-mail showing a stored text: " + repr(
        [(m.template, m.context) for m in queued[:3]]
    )
    unseen = sorted(name for n, name in numbered.items() if str(n) not in seen)
    elapsed = time.monotonic() - started
    print(
        f"\nstored XSS: {len(numbered)} fields, {pages} page requests ({len(FEEDS)} .ics), "
        f"{mails} e-mails ({hostile_mails} queued with payloads), "
        f"{len(documents)} PDFs in {elapsed:.1f}s (pages {pages_done - started:.1f}s); "
        f"fields shown nowhere: {unseen}"
    )
    problems = sorted({_field_names(p, numbered) for p in problems})
    assert not problems, f"{len(problems)} unescaped output(s):\n" + "\n".join(problems[:80])
