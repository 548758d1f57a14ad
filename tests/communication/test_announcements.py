"""Announcements (§12): who may post, to whom, sanitised, attachments by content, e-mailed once
per person and announcement in the recipient's language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communication import keys, services
from communication.models import Announcement, Notification
from mecanismo.core.models import AuditLog
from mecanismo.outbox.models import OutboxMessage
from tests.factories import UserFactory, make_gtsc, make_linking_table_member

from .factories import body, coordinator, member

pytestmark = pytest.mark.django_db

from mesas.demo import DEMO_PDF as PDF  # noqa: E402


def test_members_of_the_mesa_receive_an_announcement_once_each_in_their_language(
    django_capture_on_commit_callbacks,
):
    boss = coordinator(1)
    anna = member(1)
    anna.language = "fr"
    anna.save()
    bruno = member(1)
    outsider = member(2)
    with django_capture_on_commit_callbacks(execute=True):
        a = services.announcement_publish(
            actor=boss, body=body("mr1"), title="Reunión", text="Hola **todos**"
        )
    mails = OutboxMessage.objects.filter(key__startswith=f"communication:announcement:{a.pk}:")
    assert {m.user_id for m in mails} == {anna.pk, bruno.pk}
    assert mails.get(user=anna).language == "fr"
    assert outsider.pk not in {m.user_id for m in mails}
    assert boss.pk not in {m.user_id for m in mails}
    # A second fan-out (a retried task, the sweep) tells nobody twice.
    services.announcement_fanout(announcement_id=a.pk)
    assert OutboxMessage.objects.filter(key=keys.announcement(a.pk, anna.pk)).count() == 1
    assert Notification.objects.filter(announcement=a).count() == 2
    assert "<strong>todos</strong>" in a.html
    assert AuditLog.objects.filter(action="announcement.published", target_id=str(a.pk)).exists()


def test_a_member_who_is_not_a_coordinator_cannot_announce():
    with pytest.raises(PermissionDenied):
        services.announcement_publish(actor=member(1), body=body("mr1"), title="x", text="y")
    assert not Announcement.objects.exists()


def test_a_coordinator_of_another_mesa_cannot_announce_here():
    with pytest.raises(PermissionDenied):
        services.announcement_publish(actor=coordinator(2), body=body("mr1"), title="x", text="y")


def test_only_the_linking_table_and_gtsc_write_to_the_whole_mechanism(
    django_capture_on_commit_callbacks,
):
    with pytest.raises(ValidationError):
        services.announcement_publish(
            actor=coordinator(1), body=body("mr1"), title="x", text="y", mechanism_wide=True
        )
    staff = UserFactory()
    make_gtsc(staff)
    far = member(4)
    with django_capture_on_commit_callbacks(execute=True):
        a = services.announcement_publish(
            actor=staff, body=body("dialogues"), title="A todos", text="y", mechanism_wide=True
        )
    assert OutboxMessage.objects.filter(key=keys.announcement(a.pk, far.pk)).exists()
    seat = UserFactory()
    make_linking_table_member(seat)
    services.announcement_publish(
        actor=seat, body=body("linking-table"), title="B", text="y", mechanism_wide=True
    )


def test_script_in_markdown_is_removed():
    a = services.announcement_publish(
        actor=coordinator(1),
        body=body("mr1"),
        title="x",
        text="<script>alert(1)</script>[a](javascript:alert(1))",
    )
    assert "<script" not in a.html and "javascript:" not in a.html


def test_a_disguised_attachment_is_refused_and_nothing_is_written():
    fake = SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.announcement_publish(
            actor=coordinator(1), body=body("mr1"), title="x", text="y", attachment=fake
        )
    assert not Announcement.objects.exists()


def test_a_pdf_attachment_is_kept_and_downloaded_by_members(client):
    boss = coordinator(1)
    reader = member(1)
    a = services.announcement_publish(
        actor=boss,
        body=body("mr1"),
        title="x",
        text="y",
        attachment=SimpleUploadedFile("nota.pdf", PDF),
    )
    assert a.attachment_kind == "pdf"
    client.force_login(reader)
    response = client.get(reverse("communication:announcement_attachment", args=[a.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(member(2))
    assert client.get(reverse("communication:announcement_detail", args=[a.pk])).status_code == 403


def test_the_form_refuses_an_oversized_attachment_with_a_message(client, settings):
    boss = coordinator(1)
    client.force_login(boss)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("communication:announcement_create", args=["mr1"]),
        {"title": "x", "text": "y", "attachment": big},
    )
    assert response.status_code == 400
    assert "MB" in response.content.decode()
    assert not Announcement.objects.exists()


def test_announcements_show_on_the_body_page_and_the_members_home(client):
    boss = coordinator(1)
    reader = member(1)
    services.announcement_publish(actor=boss, body=body("mr1"), title="Aviso MR1", text="y")
    client.force_login(reader)
    assert "Aviso MR1" in client.get(reverse("mesas:body_detail", args=["mr1"])).content.decode()
    assert "Aviso MR1" in client.get(reverse("core:my_home")).content.decode()
    client.force_login(member(2))
    assert "Aviso MR1" not in client.get(reverse("core:my_home")).content.decode()
