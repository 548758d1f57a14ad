"""Every e-mail of the portal reads in the recipient's language, as plain text and HTML (issue 7).

Every project e-mail template (`*/templates/**/email/<name>.subject.txt`) and allauth's account
and MFA mail (through our adapter, which pre-renders it into the outbox) are rendered by the
outbox renderer (`email_render`) in es, en, pt and fr with a realistic context, then checked:

* the subject is one non-empty line;
* the plain-text part has no HTML tags and no HTML entities (`&amp;`, `&#x27;`…);
* the HTML part is a document in that language with the footer's preferences link;
* the language is really used: the four renders differ (context values and links removed), no
  sentence of the English render shows in another language, and no project msgid whose
  translation differs shows untranslated.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import email_render
from tests.test_language_leaks import translated_entries

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["es", "en", "pt", "fr"]
SKIP_DIRS = {".venv", "node_modules", ".git", "media", "staticfiles"}
# Rendered by the outbox for other templates, never enqueued on their own.
NOT_ENQUEUED = {"outbox/email/layout", "outbox/email/prerendered"}
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#x?[0-9a-fA-F]+);")
URL = re.compile(r"https?://\S+")
# A name with the characters autoescaping gets wrong in plain text.
MEMBER_NAME = "Red d'Haïti & Co <Migrantes>"
PERSON = "Zoé O'Neil"

ALLAUTH_MAIL = {
    "account/email/email_confirmation_signup": {"activate_url": "{site}/es/accounts/confirm/k/"},
    "account/email/email_confirmation": {"activate_url": "{site}/es/accounts/confirm/k/"},
    "account/email/password_reset_key": {"password_reset_url": "{site}/es/accounts/reset/k/"},
    "account/email/unknown_account": {"signup_url": "{site}/es/accounts/signup/"},
    "account/email/account_already_exists": {
        "password_reset_url": "{site}/es/accounts/password/reset/",
        "signup_url": "{site}/es/accounts/signup/",
    },
    "account/email/password_changed": {},
    "account/email/password_set": {},
    "account/email/email_changed": {"from_email": "old@example.org", "to_email": "n@example.org"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "old@example.org"},
    "mfa/email/totp_activated": {},
    "mfa/email/totp_deactivated": {},
    "mfa/email/recovery_codes_generated": {},
}


def project_email_templates() -> list[str]:
    names = []
    for path in ROOT.rglob("templates/**/email/*.subject.txt"):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS.intersection(rel.parts):
            continue
        parts = rel.parts[rel.parts.index("templates") + 1 :]
        name = "/".join(parts).removesuffix(".subject.txt")
        if name not in NOT_ENQUEUED:
            names.append(name)
    return sorted(names)


def _meeting_context(user):
    from mesas.models import Meeting
    from mesas.services import meeting_email_context

    meeting = Meeting.objects.order_by("pk").first()
    return meeting_email_context(meeting, user), meeting


def template_context(name: str, user, lang: str) -> dict:
    """A realistic context per template, built the way the enqueuing code builds it."""
    from mecanismo.outbox.services import absolute_url

    site = settings.SITE_URL
    if name.startswith("mesas/"):
        context, meeting = _meeting_context(user)
        context["title"] = "Reunión «trimestral» & <cierre>"
        body_name = context["body_name"]
        extra = {
            "mesas/email/action_item_due": {
                "action": "Enviar el informe a l'OIM & co",
                "due_on": context["when"].split(" (")[0],
                "body_url": absolute_url("mesas:list", lang),
            },
            "mesas/email/meeting_cancelled": {"reason": "Falta de quórum"},
            "mesas/email/proposal_decided": {
                "accepted": False,
                "proposal_title": "Diálogo con gobiernos",
                "reason": "Ya está en la agenda",
            },
            "mesas/email/minutes_circulated": {"minutes_url": context["url"]},
            "mesas/email/quarter_reminder": {
                "semester": False,
                "period": "2026Q2",
                "new_url": absolute_url("mesas:list", lang),
                "body_name": body_name,
            },
        }.get(name, {})
        return {**context, **extra}
    if name.startswith("membership/"):
        return {
            "member_name": MEMBER_NAME,
            "requester": PERSON,
            "mesa_number": 1,
            "approved": False,
            "reason": "Datos incompletos",
            "motivation": "Trabajamos con personas migrantes",
            "url": absolute_url("core:home", lang),
        }
    if name.startswith("vinculacion/"):
        return {
            "election_title": "Elección «MR 1» & <2027>",
            "mesa_number": 1,
            "nominations_close": "12/03/2027 18:00",
            "voting_open": "13/03/2027 09:00",
            "voting_close": "20/03/2027 18:00",
            "url": absolute_url("vinculacion:linking_table", lang),
            "offer_url": absolute_url("vinculacion:linking_table", lang),
            "tracker": "ABCD-EFGH-IJKL-MNOP",
            "fingerprint": "0f" * 32,
            "seat": "MR 1 · 2",
            "holder": PERSON,
            "term_ends": "01/03/2028",
            "ends_on": "01/03/2028",
            "days": 60,
        }
    if name.startswith("communication/"):
        url = absolute_url("core:home", lang)
        item = {"kind": "reply", "title": "Vías «regulares» & <co>", "url": url,
                "body_name": "MR 1"}  # fmt: skip
        return {
            "title": "Vías «regulares» & <co>",
            "body_name": "MR 1",
            "author": PERSON,
            "text": "Hola **a todos** & <gracias>",
            "reason": "Fuera de tema",
            "url": url,
            "unsubscribe_url": url,
            "weekly": True,
            "period": "2026-W49",
            "sections": [
                {"category": "announcements", "items": [item], "more": 2, "unsubscribe_url": url}
            ],
            "notifications_url": url,
        }
    if name == "outbox/email/test":
        return {}
    return {"site": site}


def _visible(html: str) -> str:
    chunks = []

    class Parser(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in {"style", "script", "title"}:
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in {"style", "script", "title"}:
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                chunks.append(data)

    Parser(convert_charrefs=True).feed(html)
    return " ".join(" ".join(chunks).split())


def _strip_values(text: str, context: dict) -> str:
    text = URL.sub(" ", text)
    values = sorted(
        (str(v) for v in context.values() if isinstance(v, str | int) and len(str(v)) > 2),
        key=len,
        reverse=True,
    )
    for value in values:
        text = text.replace(value, " ")
    return " ".join(text.split())


def check(rendered, context: dict, lang: str) -> list[str]:
    """Shape of one render; values from the context (names may hold < & ') are left out."""
    problems = []
    subject = _strip_values(rendered.subject, context)
    text = _strip_values(rendered.body, context)
    html = next(c for c, mime in rendered.alternatives if mime == "text/html")
    if not rendered.subject.strip() or "\n" in rendered.subject:
        problems.append(f"subject not one line: {rendered.subject!r}")
    if TAG.search(text):
        problems.append(f"HTML tag in the plain text: {TAG.search(text).group(0)!r}")
    if ENTITY.search(text) or ENTITY.search(subject):
        problems.append(
            f"HTML entity in plain text/subject: {(ENTITY.search(text + subject)).group(0)}"
        )
    with translation.override(lang):
        preferences = settings.SITE_URL + reverse("outbox:preferences")
    if f'href="{preferences}"' not in html or "</html>" not in html:
        problems.append("HTML part without the footer's links")
    if f'<html lang="{lang}"' not in html:
        problems.append(f'HTML part not marked lang="{lang}"')
    return problems


def render_project(name: str, user, lang: str):
    user.language = lang
    context = template_context(name, user, lang)
    message = OutboxMessage(
        pk=None,
        key=f"test:{name}:{lang}",
        user=user,
        to=user.email,
        template=name,
        context=context,
        category="meeting_changes" if name.startswith("mesas/") else "membership",
        language=lang,
    )
    return email_render(message), message, context


def render_allauth(prefix: str, user, lang: str):
    user.language = lang
    user.save(update_fields=["language"])
    request = RequestFactory().get("/")
    request.user = user
    site = settings.SITE_URL
    context = {key: value.format(site=site) for key, value in ALLAUTH_MAIL[prefix].items()} | {
        "user": user,
        "nonce": lang,
    }  # as allauth's callers: no current_site
    if prefix.startswith("mfa/") or prefix.endswith(("changed", "set", "deleted", "confirm")):
        context |= {"timestamp": timezone.now(), "ip": "203.0.113.9", "user_agent": "Firefox"}
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    with translation.override("es"):  # the page language must not decide the mail's
        get_adapter(request).send_mail(prefix, user.email, context)
    message = OutboxMessage.objects.exclude(pk__in=before).get()
    values = {k: v for k, v in context.items() if isinstance(v, str)}
    return email_render(message), message, values


@pytest.fixture
def recipient(db):
    call_command("seed_demo", stdout=io.StringIO())
    from mecanismo.core.models import User

    user = User.objects.get(email="member@demo.local")
    user.full_name = PERSON
    user.save(update_fields=["full_name"])
    return user


def _all_mail():
    return [("project", n) for n in project_email_templates()] + [
        ("allauth", p) for p in ALLAUTH_MAIL
    ]


def test_every_project_email_template_is_covered():
    names = project_email_templates()
    assert len(names) >= 12, names
    for name in names:
        if (
            name.startswith(("mesas/", "membership/", "vinculacion/", "communication/"))
            or name == "outbox/email/test"
        ):
            continue
        pytest.fail(f"no context for e-mail template {name}: add it to template_context()")


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name"), _all_mail(), ids=lambda v: str(v))
def test_email_reads_in_the_recipients_language(recipient, kind, name):
    problems, stripped, english_lines = [], {}, []
    for lang in ["en", "es", "pt", "fr"]:
        if kind == "project":
            rendered, message, context = render_project(name, recipient, lang)
        else:
            rendered, message, context = render_allauth(name, recipient, lang)
        problems += [f"[{lang}] {p}" for p in check(rendered, context, lang)]
        if kind == "allauth" and urlparse(settings.SITE_URL).netloc not in rendered.body:
            problems.append(f"[{lang}] allauth mail without the portal's address (no site)")
        html = next(c for c, mime in rendered.alternatives if mime == "text/html")
        everything = "\n".join([rendered.subject, rendered.body, _visible(html)])
        body = _strip_values(rendered.subject + "\n" + rendered.body, context)
        stripped[lang] = body
        if lang == "en":
            english_lines = [
                line.strip()
                for line in _strip_values(rendered.body, context).split(". ")
                if len(line.strip()) > 20
            ]
            continue
        for line in english_lines:
            if line in body:
                problems.append(f"[{lang}] English text left: {line!r}")
        clean = _strip_values(everything, context)
        for msgid, msgstr, pattern in translated_entries(lang):
            if pattern.search(clean):
                problems.append(f"[{lang}] untranslated {msgid!r} (→ {msgstr!r})")
    if len(set(stripped.values())) != 4:
        problems.append("renders identical in two languages: " + repr(stripped)[:400])
    assert not problems, f"{kind} {name}:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_plain_text_keeps_names_as_written(recipient):
    rendered, _message, _ctx = render_project("membership/email/contact_requested", recipient, "fr")
    assert MEMBER_NAME in rendered.body
    assert MEMBER_NAME in rendered.subject
    html = next(c for c, mime in rendered.alternatives if mime == "text/html")
    assert "Red d&#x27;Haïti &amp; Co &lt;Migrantes&gt;" in html


# A letter right before ":" (French wants a no-break space there: "Motif :"). URLs, times
# (15:00) and "mailto:" are no labels. Labels must be whole msgids ("When:"), not "When" + ":".
LETTER_COLON = re.compile(r"[^\W\d_]:(?=\s|$)", re.MULTILINE)
MEETING_LABELS = ["When:", "In the meeting's time zone:", "Modality:", "Place:", "Video link:"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [n for n in project_email_templates() if n.startswith(("mesas/", "membership/"))]
)
def test_french_emails_put_a_space_before_colons(recipient, name):
    rendered, _message, _context = render_project(name, recipient, "fr")
    html = next(c for c, mime in rendered.alternatives if mime == "text/html")
    for part in (rendered.subject, rendered.body, _visible(html)):
        text = URL.sub(" ", part)
        assert not LETTER_COLON.search(text), (name, LETTER_COLON.findall(text), text)


@pytest.mark.django_db
def test_meeting_email_labels_are_whole_translated_strings(recipient):
    rendered, _message, _context = render_project("mesas/email/meeting_moved", recipient, "fr")
    with translation.override("fr"):
        labels = [translation.gettext(label) for label in MEETING_LABELS]
    for label in labels:
        assert label.endswith("\u00a0:"), label
        assert label in rendered.body, (label, rendered.body)
