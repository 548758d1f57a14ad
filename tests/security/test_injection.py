"""XSS and injection: Markdown minutes are sanitised, user text is escaped, iCalendar text is
escaped, e-mail headers cannot be injected, uploads are checked by content and size, and the PDF
renderer fetches nothing but static files (SSRF)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from mecanismo.documents.renderer import BlockedURL, StaticOnlyFetcher, static_file_for
from mesas import services
from mesas.markup import render_markdown
from mesas.models import AgendaDocument, AgendaItem
from tests.documents import crafted
from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

HOSTILE_MARKDOWN = """
# Acta

<script>alert('s')</script>
<iframe src="https://evil.example"></iframe>
<img src=x onerror="alert('i')">
<a href="javascript:alert('j')">click</a>
[md link](javascript:alert('m'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[vb](vbscript:msgbox)
<p style="background:url(javascript:alert('c'))" onclick="alert('o')">styled</p>
<style>body{display:none}</style>
<object data="x"></object><embed src="x"><svg onload="alert(1)"></svg>
<form action="https://evil.example"><input name="q"></form>
<a href="https://ok.example" onmouseover="alert(1)">fine</a>
![img](http://169.254.169.254/latest/meta-data/)
"""


def test_markdown_minutes_are_sanitised():
    html = render_markdown(HOSTILE_MARKDOWN).lower()
    for bad in (
        "<script",
        "<iframe",
        "<img",
        "onerror",
        "onclick",
        "onmouseover",
        "onload",
        "javascript:",
        "vbscript:",
        "data:",
        "style=",
        "<style",
        "<object",
        "<embed",
        "<svg",
        "<form",
        "<input",
        "169.254.169.254",
        "alert('s')",
    ):
        assert bad not in html, bad
    assert 'href="https://ok.example"' in html
    assert "<h3>acta</h3>" in html  # "# Acta" sits below the page's own h1 and h2


def test_saved_minutes_render_sanitised_on_the_public_page():
    coordinator = f.coordinator(1)
    meeting = f.meeting("mr1", days=-1)
    client = client_for(coordinator)
    url = reverse("mesas:minutes", kwargs={"pk": meeting.pk})
    client.post(
        reverse("mesas:minutes_circulate", kwargs={"pk": meeting.pk}), {"text": HOSTILE_MARKDOWN}
    )
    client.post(reverse("mesas:minutes_approve", kwargs={"pk": meeting.pk}))
    for page in (client.get(url), client_for().get(meeting.get_absolute_url())):
        body = page.content.decode().lower()
        for bad in ("<script>alert", 'href="javascript:', "<iframe", "<img src=x"):
            assert bad not in body, (
                page.request["PATH_INFO"],
                bad,
                body[body.find(bad) - 200 :][:400],
            )


def test_user_text_is_escaped_in_pages():
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    member, user = f.member_in_mesa(1, name=payload)
    user.full_name = payload
    user.save()
    meeting = f.meeting("mr1", days=5, title=payload, description=payload, place=payload)
    AgendaItem.objects.create(meeting=meeting, position=1, title=payload, presenter=payload)
    for url in (
        meeting.get_absolute_url(),
        reverse("mesas:calendar"),
        reverse("mesas:body_detail", kwargs={"slug": "mr1"}),
        reverse("membership:directory"),
        reverse("membership:member_detail", kwargs={"pk": member.pk}),
    ):
        body = client_for().get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url


def test_ics_feeds_escape_text():
    meeting = f.meeting(
        "mr1",
        days=5,
        title="Reunión\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
        place='Sala "A"; piso 2, \\ norte',
        description="línea 1\nEND:VCALENDAR",
    )
    user = UserFactory(full_name='Ana "la jefa"; ROLE=CHAIR:x')
    f.invite(meeting, user, rsvp="online")
    token = services.calendar_token_for(user=user).token
    for url in (
        reverse("mesas:feed_body", kwargs={"slug": "mr1"}),
        reverse("mesas:meeting_ics", kwargs={"pk": meeting.pk}),
        reverse("mesas:feed_private", kwargs={"token": token}),
    ):
        raw = client_for().get(url).content
        lines = raw.split(b"\r\n")
        assert lines.count(b"BEGIN:VEVENT") == 1, url
        assert lines.count(b"END:VCALENDAR") == 1, url
        assert not any(line.startswith((b"BCC", b"X-EVIL", b"SUMMARY:injected")) for line in lines)
        cal = Calendar.from_ical(raw)
        events = cal.walk("VEVENT")
        assert len(events) == 1
        assert "injected" in str(events[0]["summary"])
        assert str(events[0]["location"]) == 'Sala "A"; piso 2, \\ norte'


def test_email_headers_cannot_be_injected_through_titles_or_names(
    django_capture_on_commit_callbacks,
):
    coordinator = f.coordinator(1)
    member, user = f.member_in_mesa(1)
    user.full_name = "Eve\r\nBcc: victim@example.org"
    user.save()
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(
            actor=coordinator,
            body=f.body("mr1"),
            title="Hola\r\nBcc: victim@example.org\r\nX-Evil: 1",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            time_zone="America/Bogota",
            modality="virtual",
            video_link="https://meet.example.org/x",
        )
        services.meeting_cancel(actor=coordinator, meeting=meeting, reason="x\r\nBcc: v@e.org")
    assert mail.outbox, "the cancellation e-mails were not delivered"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        raw = message.message().as_bytes()
        headers = raw.split(b"\n\n", 1)[0]
        assert b"\nBcc:" not in headers and b"\nX-Evil" not in headers
        assert message.bcc == []
        assert len(message.to) == 1


@pytest.mark.parametrize(
    "name,content,ok",
    [
        ("informe.pdf", crafted.pdf(), True),
        ("informe.docx", crafted.docx(), True),
        ("informe.pdf", b"<html><script>alert(1)</script></html>", False),
        ("informe.pdf", b"MZ\x90\x00 executable", False),
        ("informe.docx", b"PK\x03\x04not really a zip", False),
        ("script.html", crafted.pdf(), True),
        ("informe.pdf", b"%PDF-1.4 only a header", False),
    ],
)
def test_uploads_are_checked_by_content_not_by_name(name, content, ok):
    coordinator = f.coordinator(1)
    meeting = f.meeting("mr1", days=5)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punto")
    url = reverse("mesas:document_upload", kwargs={"pk": meeting.pk, "item": item.pk})
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client_for(coordinator).post(url, {"title": "Doc", "file": upload})
    assert AgendaDocument.objects.filter(item=item).exists() == ok
    assert response.status_code == (302 if ok else 400)
    if ok:
        doc = AgendaDocument.objects.get(item=item)
        assert doc.file.name.endswith("." + doc.kind)  # never .html, whatever the name said
        invitee = UserFactory()
        f.invite(meeting, invitee)
        download = client_for(invitee).get(
            reverse("mesas:document_download", kwargs={"pk": doc.pk})
        )
        assert download["Content-Type"] != "text/html"
        assert download["Content-Disposition"].startswith("attachment")


def test_uploads_are_size_limited():
    coordinator = f.coordinator(1)
    meeting = f.meeting("mr1", days=5)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punto")
    url = reverse("mesas:document_upload", kwargs={"pk": meeting.pk, "item": item.pk})
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (services.MAX_DOCUMENT_BYTES + 1))
    response = client_for(coordinator).post(url, {"title": "Doc", "file": big})
    assert response.status_code == 400
    assert not AgendaDocument.objects.filter(item=item).exists()


def test_uploaded_file_names_cannot_escape_or_inject_headers():
    coordinator = f.coordinator(1)
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5)
    f.invite(meeting, user, member)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punto")
    url = reverse("mesas:document_upload", kwargs={"pk": meeting.pk, "item": item.pk})
    upload = SimpleUploadedFile('../../etc/x"\r\nX-Evil: 1.pdf', crafted.pdf())
    client_for(coordinator).post(url, {"title": "Doc", "file": upload})
    doc = AgendaDocument.objects.get(item=item)
    assert ".." not in doc.file.name and "\n" not in doc.file.name
    assert doc.file.name.startswith(f"meetings/{meeting.pk}/")
    response = client_for(user).get(reverse("mesas:document_download", kwargs={"pk": doc.pk}))
    assert response.status_code == 200
    assert not response.has_header("X-Evil")
    assert "\n" not in response["Content-Disposition"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://static.invalid/static/../../mecanismo/settings.py",
        "https://static.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://evil.example/media/meetings/1/x.pdf",
        "ftp://evil.example/x",
    ],
)
def test_pdf_renderer_fetches_nothing_outside_static_files(url):
    assert static_file_for(url) is None
    with pytest.raises(BlockedURL):
        StaticOnlyFetcher(timeout=1).fetch(url)


def test_email_text_is_plain_and_email_html_is_escaped(django_capture_on_commit_callbacks):
    """Plain-text parts and subjects carry the text as typed (no HTML entities); the HTML part
    escapes it (no markup from a title or a reason gets through)."""
    coordinator = f.coordinator(1)
    member, user = f.member_in_mesa(1)
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    title = "Foro d'Haïti & <b>Co</b>"
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(
            actor=coordinator,
            body=f.body("mr1"),
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            time_zone="America/Bogota",
            modality="virtual",
            video_link="https://meet.example.org/x",
        )
        services.meeting_cancel(actor=coordinator, meeting=meeting, reason="<script>x</script>")
    message = next(
        m
        for m in mail.outbox
        if m.to == [user.email] and ":cancelled:" in m.extra_headers["X-Outbox-Key"]
    )
    assert title in message.subject
    assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert "<script>x</script>" in message.body and "&lt;" not in message.body
    html = message.alternatives[0][0]
    assert "<script>x" not in html and "<b>Co</b>" not in html
    assert "&lt;script&gt;" in html
