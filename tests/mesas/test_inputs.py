"""Inputs, the open channel (§2, §6): who may send them, files checked by content, coordinators'
list at constant queries, acknowledgement e-mail, links, secure download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mecanismo.core.models import Objective
from mecanismo.outbox.models import OutboxMessage
from mesas import services
from mesas.demo import DEMO_PDF
from mesas.models import AgendaItem, Input, InputStatus
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db

PDF = DEMO_PDF


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _post_input(client, **extra):
    data = {
        "body": f.body("mr1").pk,
        "title": "Acceso a la salud",
        "text": "Propuesta **importante** <script>alert(1)</script>",
        "objectives": [Objective.objects.get(number=15).pk],
        "may_publish": "on",
    }
    data.update(extra)
    return client.post(reverse("mesas:input_submit"), data)


def test_a_member_submits_an_input_with_a_pdf_and_sanitised_text():
    _member, user = f.member_in_mesa(1)
    r = _post_input(_client(user), file=SimpleUploadedFile("aporte.pdf", PDF))
    assert r.status_code == 302
    item = Input.objects.get()
    assert item.file_kind == "pdf" and item.file.name.endswith(".pdf")
    assert "<strong>importante</strong>" in item.html and "<script" not in item.html
    assert item.status == InputStatus.RECEIVED and item.may_publish
    assert list(item.objectives.values_list("number", flat=True)) == [15]


def test_an_individual_member_of_another_mesa_may_send_to_any_mesa():
    _member, user = f.member_in_mesa(3)
    assert _post_input(_client(user)).status_code == 302


def test_a_person_without_a_member_profile_cannot_send():
    user = UserFactory()
    assert _post_input(_client(user)).status_code == 403
    assert not Input.objects.exists()


@pytest.mark.parametrize(
    "name,content",
    [
        ("aporte.pdf", b"MZ\x90\x00 executable renamed"),
        ("aporte.pdf", b"<html><script>alert(1)</script></html>"),
        ("dibujo.docx", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    ],
)
def test_disguised_files_are_refused_with_a_message_and_nothing_is_written(name, content):
    _member, user = f.member_in_mesa(1)
    r = _post_input(_client(user), file=SimpleUploadedFile(name, content))
    assert r.status_code == 400
    assert "Solo se aceptan" in r.content.decode()
    assert not Input.objects.exists()


def test_an_oversized_file_is_refused(settings):
    settings.INPUT_MAX_BYTES = 1024
    _member, user = f.member_in_mesa(1)
    r = _post_input(_client(user), file=SimpleUploadedFile("a.pdf", PDF + b"0" * 2048))
    assert r.status_code == 400 and "demasiado grande" in r.content.decode()
    assert not Input.objects.exists()


def test_tags_of_unknown_objectives_are_refused():
    _member, user = f.member_in_mesa(1)
    r = _post_input(_client(user), objectives=[999999])
    assert r.status_code == 400
    assert not Input.objects.exists()


def _inputs(n, body_slug="mr1"):
    _member, user = f.member_in_mesa(1)
    objective = Objective.objects.get(number=15)
    items = Input.objects.bulk_create(
        Input(body=f.body(body_slug), submitted_by=user, title=f"I{i}", text="t", html="<p>t</p>")
        for i in range(n)
    )
    for item in items:
        item.objectives.add(objective)
    return items


@pytest.mark.parametrize("rows", [3, 300])
def test_the_coordinators_list_costs_the_same_queries_at_3_and_300(rows, django_assert_num_queries):
    _inputs(rows)
    coordinator = f.coordinator(1)
    c = _client(coordinator)
    url = reverse("mesas:body_inputs", kwargs={"slug": "mr1"}) + "?status=received&objective=15"
    c.get(url)  # warm the session
    # session, user, roles, body, the filter's objective (validation), one page of inputs (+1
    # row), objectives of the page, the objectives of the filter's choices (rendering)
    with django_assert_num_queries(8):
        r = c.get(url)
    assert r.status_code == 200
    assert len(r.context["window"].items) == min(rows, 50)


def test_only_the_bodys_coordinators_see_its_inputs():
    _inputs(1)
    assert (
        _client(f.coordinator(2)).get(reverse("mesas:body_inputs", args=["mr1"])).status_code == 403
    )
    r = _client().get(reverse("mesas:body_inputs", args=["mr1"]))
    assert r.status_code == 302


def test_acknowledging_emails_the_author_once_in_their_language():
    _member, user = f.member_in_mesa(1)
    user.language = "fr"
    user.save()
    item = services.input_submit(actor=user, body=f.body("mr1"), title="T", text="x")
    coordinator = f.coordinator(1)
    c = _client(coordinator)
    assert c.post(reverse("mesas:input_acknowledge", args=[item.pk])).status_code == 302
    c.post(reverse("mesas:input_acknowledge", args=[item.pk]))  # twice: refused politely
    messages = OutboxMessage.objects.filter(key__startswith=f"mesas:input:{item.pk}:")
    assert messages.count() == 1 and messages.get().language == "fr"
    item.refresh_from_db()
    assert item.status == InputStatus.ACKNOWLEDGED and item.acknowledged_by == coordinator


def test_a_coordinator_links_an_input_and_the_author_sees_its_state():
    _member, user = f.member_in_mesa(1)
    item = services.input_submit(actor=user, body=f.body("mr1"), title="Salud", text="x")
    meeting = f.meeting()
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Salud y migración")
    other = AgendaItem.objects.create(meeting=f.meeting("mr2"), title="Otro")
    c = _client(f.coordinator(1))
    r = c.post(reverse("mesas:input_link", args=[item.pk]), {"agenda_item": other.pk})
    assert r.status_code == 400
    r = c.post(reverse("mesas:input_link", args=[item.pk]), {"agenda_item": agenda_item.pk})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == InputStatus.USED and item.agenda_item == agenda_item
    page = _client(user).get(reverse("mesas:my_inputs")).content.decode()
    assert "Salud y migración" not in page or meeting.title in page
    assert "Usado" in page or "Used" in page


def test_the_download_is_an_attachment_with_a_safe_name_and_nosniff():
    _member, user = f.member_in_mesa(1)
    item = services.input_submit(
        actor=user,
        body=f.body("mr1"),
        title="T",
        text="x",
        upload=SimpleUploadedFile('../../"evil<x>.html', PDF),
    )
    r = _client(user).get(reverse("mesas:input_download", args=[item.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert f'filename="input-{item.pk}.pdf"' in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"
    # not published: another member and visitors are refused
    _other, stranger = f.member_in_mesa(1)
    assert _client(stranger).get(reverse("mesas:input_download", args=[item.pk])).status_code == 403
    assert _client().get(reverse("mesas:input_download", args=[item.pk])).status_code == 403
    assert (
        _client(f.coordinator(1)).get(reverse("mesas:input_download", args=[item.pk])).status_code
        == 200
    )
