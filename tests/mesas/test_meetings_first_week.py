"""Issue 10 ("what a new user meets"), meetings part: invitations with the .ics, owners and
coordinators told, meetings recorded afterwards, attendance, replies by modality, agenda editing,
minutes headings, the approved-minutes page, PDF names and tagged PDF, and the state-action sets
(`minutes_actions`, `proposal_actions`, `action_item_actions`). One test per rule."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mecanismo.core.models import Objective
from mecanismo.outbox.models import NotificationOptOut, OutboxMessage
from mesas import permissions, services
from mesas.markup import render_markdown
from mesas.models import (
    ActionItem,
    ActionItemAction,
    AgendaItem,
    AgendaProposal,
    Invitation,
    Minutes,
    MinutesAction,
    MinutesStatus,
    MinutesVersion,
    ProposalAction,
)
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _url(name, **kw):
    return reverse(f"mesas:{name}", kwargs=kw)


def _schedule(actor, days=10, **kw):
    start = timezone.now() + datetime.timedelta(days=days)
    args = {
        "title": "Reunión del segundo trimestre",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "time_zone": "America/Bogota",
        "modality": "virtual",
        "video_link": "https://meet.example.org/x",
        **kw,
    }
    return services.meeting_schedule(actor=actor, body=f.body("mr1"), **args)


def _invitations_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and m.attachments]


# --------------------------------------------------------------------------- invitations


def test_scheduling_sends_each_invitee_one_invitation_with_the_ics(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(coord)
    sent = _invitations_to(member_user)
    assert len(sent) == 1
    filename, content, mimetype = sent[0].attachments[0]
    assert (filename, mimetype) == (f"meeting-{meeting.pk}.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and f"meeting-{meeting.pk}@" in content
    assert "https://meet.example.org/x" in content  # invitees get the video link
    assert len(_invitations_to(coord)) == 1
    # Editing (which re-syncs the invitees) never invites the same person twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=coord, meeting=meeting, title="Nuevo título")
    assert len(_invitations_to(member_user)) == 1


def test_invitations_respect_the_notification_setting(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    NotificationOptOut.objects.create(user=member_user, category="meeting_invitations")
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(coord)
    assert _invitations_to(member_user) == []
    assert len(_invitations_to(coord)) == 1


def test_a_member_approved_later_is_invited_by_email_to_upcoming_meetings(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    with django_capture_on_commit_callbacks(execute=True):
        upcoming = _schedule(coord)
    past = f.meeting(days=-3)
    member, user = f.member_in_mesa(1)
    with django_capture_on_commit_callbacks(execute=True):
        added = services.invitations_member_joined(member_id=member.pk, mesa_id=1)
    assert added >= 1
    sent = _invitations_to(user)
    assert len(sent) == 1 and f"meeting-{upcoming.pk}.ics" == sent[0].attachments[0][0]
    assert not OutboxMessage.objects.filter(key__contains=f"meeting:{past.pk}:invited").exists()


def test_owner_of_a_new_action_item_is_told_once(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    _m, owner = f.member_in_mesa(1)
    f.invite(meeting, owner)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.action_item_add(
            actor=coord,
            meeting=meeting,
            text="Enviar el informe",
            owner=owner,
            due_on=datetime.date(2030, 5, 1),
        )
    told = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(told) == 1 and "Enviar el informe" in told[0].body
    assert OutboxMessage.objects.filter(key=f"mesas:action:{item.pk}:assigned:user:{owner.pk}")
    NotificationOptOut.objects.create(user=owner, category="action_items")
    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_add(actor=coord, meeting=meeting, text="Otra", owner=owner)
    assert len([m for m in mail.outbox if m.to == [owner.email]]) == 1


def test_coordinators_are_told_when_a_member_proposes_an_item(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    other_mesa = f.coordinator(2)
    _m, member_user = f.member_in_mesa(1, name="Red Migrante del Sur")
    meeting = _schedule(coord)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.agenda_proposal_submit(
            actor=member_user, meeting=meeting, title="Acceso a la salud"
        )
    to_coord = [m for m in mail.outbox if m.to == [coord.email]]
    assert len(to_coord) == 1
    assert "Red Migrante del Sur" in to_coord[0].body and "Acceso a la salud" in to_coord[0].body
    assert _url("proposals", pk=meeting.pk).replace("/es/", "/") in to_coord[0].body.replace(
        "/es/", "/"
    )
    assert not [m for m in mail.outbox if m.to == [other_mesa.email]]
    assert OutboxMessage.objects.filter(
        key=f"mesas:proposal:{proposal.pk}:submitted:user:{coord.pk}"
    ).exists()


# --------------------------------------------------------------------------- the past


def test_a_past_meeting_is_refused_unless_recorded_afterwards(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    with pytest.raises(ValidationError):
        _schedule(coord, days=-5)
    with pytest.raises(ValidationError):
        _schedule(coord, days=5, recorded_afterwards=True)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(coord, days=-5, recorded_afterwards=True)
    assert meeting.recorded_afterwards
    assert meeting.invitations.filter(user=member_user).exists()  # so attendance can be taken
    assert mail.outbox == []  # nobody invited to the past
    assert services.meeting_reminders_send(now=meeting.starts_at - datetime.timedelta(days=2)) == 0
    page = _client(coord).get(meeting.get_absolute_url()).content.decode()
    assert "Registrada después" in page


def test_the_schedule_form_records_a_past_meeting_when_asked():
    coord = f.coordinator(1)
    past = timezone.localtime(timezone.now() - datetime.timedelta(days=3))
    data = {
        "title": "Reunión ya celebrada",
        "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (past + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "America/Panama",
        "modality": "in_person",
        "place": "Panamá",
        "is_public": "on",
    }
    c = _client(coord)
    r = c.post(_url("meeting_create", slug="mr1"), data)
    assert r.status_code == 400 and "Registrar una reunión que ya tuvo lugar" in r.content.decode()
    r = c.post(_url("meeting_create", slug="mr1"), {**data, "recorded_afterwards": "on"})
    assert r.status_code == 302


def test_editing_a_meeting_never_speaks_of_a_new_meeting():
    coord = f.coordinator(1)
    held = f.meeting(days=-2, modality="in_person")
    c = _client(coord)
    edit = c.get(_url("meeting_edit", pk=held.pk))
    assert "recorded_afterwards" not in edit.content.decode()
    data = {k: v for k, v in edit.context["form"].initial.items() if v not in (None, False)}
    data["starts_at"] = held.local_start.strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = held.local_end.strftime("%Y-%m-%dT%H:%M")
    data["title"] = "Título corregido"
    r = c.post(_url("meeting_edit", pk=held.pk), data)
    assert r.status_code == 302  # a held meeting is edited without any "past" complaint
    upcoming = f.meeting(days=3, modality="in_person")
    data["starts_at"] = (upcoming.local_start - datetime.timedelta(days=5)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    data["ends_at"] = (upcoming.local_end - datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    r = c.post(_url("meeting_edit", pk=upcoming.pk), data)
    body = r.content.decode()
    assert r.status_code == 400 and "nueva reunión" not in body.lower()
    assert "ya pasó" in body


# --------------------------------------------------------------------------- attendance


def test_attendance_page_says_before_the_meeting_that_it_waits_for_it():
    coord = f.coordinator(1)
    meeting = f.meeting(days=2)
    _m, u = f.member_in_mesa(1)
    f.invite(meeting, u, rsvp="online")
    page = _client(coord).get(_url("attendance", pk=meeting.pk)).content.decode()
    assert "solo se puede registrar una vez iniciada" in page
    assert 'type="radio"' not in page and "Guardar la asistencia" not in page
    assert "En línea" in page or "en línea" in page  # the replies are listed already


def test_mark_all_present_keeps_recorded_rows_and_follows_replies_at_hybrid_meetings():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, modality="hybrid")
    online = f.invite(meeting, UserFactory(), rsvp="online")
    silent = f.invite(meeting, UserFactory())
    excused = f.invite(meeting, UserFactory(), attendance="excused")
    r = _client(coord).post(_url("attendance_all_present", pk=meeting.pk))
    assert r.status_code == 302
    for inv in (online, silent, excused):
        inv.refresh_from_db()
    assert (online.attendance, online.presence) == ("present", "online")
    assert (silent.attendance, silent.presence) == ("present", "in_person")  # it has a place
    assert excused.attendance == "excused"


def test_hybrid_meetings_record_in_person_or_online_and_others_refuse_it():
    coord = f.coordinator(1)
    hybrid = f.meeting(days=-1, modality="hybrid")
    inv = f.invite(hybrid, UserFactory())
    services.attendance_record(actor=coord, meeting=hybrid, marks={inv.pk: "online"})
    inv.refresh_from_db()
    assert (inv.attendance, inv.presence) == ("present", "online")
    virtual = f.meeting(days=-1, modality="virtual")
    other = f.invite(virtual, UserFactory())
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coord, meeting=virtual, marks={other.pk: "in_person"})
    services.attendance_record(actor=coord, meeting=virtual, marks={other.pk: "present"})
    other.refresh_from_db()
    assert (other.attendance, other.presence) == ("present", "")


def test_attendance_rows_show_each_reply_and_a_radio_group_per_person():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, modality="hybrid")
    people = [UserFactory(full_name=f"Persona {i}") for i in range(3)]
    for u, reply in zip(people, ["in_person", "online", "not_attending"], strict=True):
        f.invite(meeting, u, rsvp=reply)
    page = _client(coord).get(_url("attendance", pk=meeting.pk)).content.decode()
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", page)
    assert len(rows) == 3
    assert "Asistirá en persona" in page or "persona" in rows[0].lower()
    for row in rows:
        assert row.count('type="radio"') == 4 and 'role="radiogroup"' in row


def test_attendance_page_stays_small_at_500_invitees(django_assert_num_queries):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, modality="hybrid")
    users = UserFactory.create_batch(500, verified=False)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=u, rsvp="online") for u in users
    )
    c = _client(coord)
    c.get(_url("attendance", pk=meeting.pk))
    response = c.get(_url("attendance", pk=meeting.pk))
    assert len(response.content) < 60_000, len(response.content)
    assert "Siguiente" in response.content.decode()  # the other 450 are on the next pages


@pytest.mark.parametrize("n", [3, 300])
def test_attendance_page_queries_do_not_grow(n, django_assert_num_queries):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=u) for u in UserFactory.create_batch(n, verified=False)
    )
    c = _client(coord)
    c.get(_url("attendance", pk=meeting.pk))
    # session + user, role lookups, meeting, rows of the page, count
    with django_assert_num_queries(6):
        assert c.get(_url("attendance", pk=meeting.pk)).status_code == 200


def test_action_item_owner_select_is_compact_at_500_invitees():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    users = UserFactory.create_batch(500, verified=False)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, user=u) for u in users)
    page = _client(coord).get(_url("outcomes", pk=meeting.pk)).content.decode()
    select = re.search(r'<select name="action-owner".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 501
    assert len(page) < 60_000, len(page)


# --------------------------------------------------------------------------- replies


def test_reply_options_follow_the_modality():
    _m, u = f.member_in_mesa(1)
    virtual = f.meeting(days=3, modality="virtual")
    f.invite(virtual, u)
    page = _client(u).get(virtual.get_absolute_url()).content.decode()
    assert 'value="online"' in page and 'value="in_person"' not in page
    with pytest.raises(ValidationError):
        services.rsvp_set(actor=u, meeting=virtual, response="in_person")
    in_person = f.meeting(days=3, modality="in_person")
    f.invite(in_person, u)
    page = _client(u).get(in_person.get_absolute_url()).content.decode()
    assert 'value="in_person"' in page and 'value="online"' not in page
    hybrid = f.meeting(days=3, modality="hybrid")
    f.invite(hybrid, u)
    page = _client(u).get(hybrid.get_absolute_url()).content.decode()
    assert 'value="in_person"' in page and 'value="online"' in page


# --------------------------------------------------------------------------- agenda


def test_an_empty_agenda_is_a_sentence_not_a_numbered_item():
    meeting = f.meeting(days=3)
    page = _client().get(meeting.get_absolute_url()).content.decode()
    assert "<li>El orden del día aún no se ha publicado" not in page
    assert "<p>El orden del día aún no se ha publicado.</p>" in page


def test_deleting_an_agenda_item_asks_first_and_works_without_javascript():
    coord = f.coordinator(1)
    meeting = f.meeting(days=3)
    item = services.agenda_item_add(actor=coord, meeting=meeting, title="Punto único")
    c = _client(coord)
    agenda = c.get(_url("agenda", pk=meeting.pk)).content.decode()
    delete_url = _url("agenda_delete", pk=meeting.pk, item=item.pk)
    assert f'href="{delete_url}"' in agenda  # a link to a confirmation page, not a one-click form
    confirm = c.get(delete_url)
    assert confirm.status_code == 200 and "Punto único" in confirm.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert c.post(delete_url).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_agenda_item_can_be_edited_in_place():
    coord = f.coordinator(1)
    meeting = f.meeting(days=3)
    first = services.agenda_item_add(actor=coord, meeting=meeting, title="Primero")
    item = services.agenda_item_add(actor=coord, meeting=meeting, title="Salud")
    objective = Objective.objects.get(number=15)
    r = _client(coord).post(
        _url("agenda_edit", pk=meeting.pk, item=item.pk),
        {"title": "Salud y educación", "presenter": "OIM", "objectives": [objective.pk]},
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.presenter, item.position) == ("Salud y educación", "OIM", 2)
    assert list(item.objectives.all()) == [objective]
    assert AgendaItem.objects.get(pk=first.pk).title == "Primero"
    outsider = f.coordinator(2)
    r = _client(outsider).post(_url("agenda_edit", pk=meeting.pk, item=item.pk), {"title": "x"})
    assert r.status_code == 403


def test_objective_checklists_list_the_mesas_own_objectives_first():
    coord = f.coordinator(1)
    meeting = f.meeting("mr2", days=3)
    make = f.coordinator(2)
    page = _client(make).get(_url("agenda", pk=meeting.pk)).content.decode()
    numbers = [int(n) for n in re.findall(r'name="objectives" value="\d+"[^>]*>\s*(\d+)', page)]
    if not numbers:  # the label shows "N. title": read the objective ids in order instead
        ids = [int(i) for i in re.findall(r'name="objectives" value="(\d+)"', page)]
        numbers = list(
            Objective.objects.in_bulk(ids)[i].number
            for i in ids  # noqa: C400
        )
    own = sorted(meeting.body.mesa.objectives.values_list("number", flat=True))
    assert own and numbers[: len(own)] == own
    assert sorted(numbers[len(own) :]) == numbers[len(own) :] and len(numbers) == 23
    assert coord  # the MR 1 coordinator exists but is not asked


# --------------------------------------------------------------------------- minutes


def test_minutes_headings_sit_below_the_pages_headings():
    html = render_markdown("# Acuerdos\n\ntexto\n\n## Detalle")
    assert "<h3>Acuerdos</h3>" in html and "<h4>Detalle</h4>" in html
    assert "<h1>" not in html and "<h2>" not in html
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    Minutes.objects.create(meeting=meeting, status="circulated", text="# Acuerdos", html="")
    services.minutes_save(actor=coord, meeting=meeting, text="# Acuerdos\n\nSeguir.")
    services.minutes_approve(actor=coord, meeting=meeting)
    page = _client().get(meeting.get_absolute_url()).content.decode()
    assert not re.search(r"<h2[^>]*>\s*Acuerdos", page)


def _approved(meeting, coord, text="Acta aprobada"):
    Minutes.objects.create(meeting=meeting, status="circulated", text=text, html=f"<p>{text}</p>")
    return services.minutes_approve(actor=coord, meeting=meeting)


def test_approved_minutes_page_shows_the_pdf_and_no_button_that_publishes_at_once(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    with django_capture_on_commit_callbacks(execute=True):
        _approved(meeting, coord)
    c = _client(coord)
    page = c.get(_url("minutes", pk=meeting.pk)).content.decode()
    version = MinutesVersion.objects.get()
    assert version.document.get_absolute_url() in page and "Aprobada" in page
    assert "btn-primary" not in page.split("<main", 1)[1]
    assert _url("minutes_correct", pk=meeting.pk) in page
    # The correction is previewed first; only the preview's button publishes.
    correct = _url("minutes_correct", pk=meeting.pk)
    r = c.post(correct, {"text": "# Acta\n\nCorregida", "note": "Nombre corregido"})
    assert r.status_code == 200 and "<h3>Acta</h3>" in r.content.decode()
    assert MinutesVersion.objects.count() == 1
    r = c.post(correct, {"text": "# Acta\n\nCorregida", "note": "Nombre corregido", "confirm": "1"})
    assert r.status_code == 302
    assert MinutesVersion.objects.count() == 2


def test_two_meetings_of_one_body_on_one_day_get_distinct_pdf_names():
    coord = f.coordinator(1)
    morning = f.meeting(days=-1, hours=1)
    afternoon = f.meeting(days=-1, hours=1)
    afternoon.starts_at = morning.starts_at + datetime.timedelta(hours=3)
    afternoon.ends_at = afternoon.starts_at + datetime.timedelta(hours=1)
    afternoon.save()
    names = {_approved(m, coord).document.filename for m in (morning, afternoon)}
    assert len(names) == 2


def test_the_minutes_pdf_is_tagged_with_its_language(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    with django_capture_on_commit_callbacks(execute=True):
        version = _approved(meeting, coord, text="Se acordó seguir trabajando.")
    version.refresh_from_db()
    reader = PdfReader(io.BytesIO(version.document.file.read()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "es"
    assert "Se acordó seguir trabajando." in "".join(p.extract_text() for p in reader.pages)


# --------------------------------------------------------------------------- action sets


def test_minutes_actions_follow_the_workflow_and_services_refuse_the_rest():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    _m, invitee = f.member_in_mesa(1)
    inv = f.invite(meeting, invitee)
    stranger = f.coordinator(2)
    assert permissions.minutes_actions(coord, meeting) == {
        MinutesAction.SAVE,
        MinutesAction.CIRCULATE,
    }
    services.minutes_save(actor=coord, meeting=meeting, text="Borrador")
    services.minutes_circulate(actor=coord, meeting=meeting)
    meeting.refresh_from_db()
    assert permissions.minutes_actions(coord, meeting) == {
        MinutesAction.SAVE,
        MinutesAction.APPROVE,
        MinutesAction.COMMENT,
    }
    assert permissions.minutes_actions(invitee, meeting, inv) == {MinutesAction.COMMENT}
    assert permissions.minutes_actions(stranger, meeting) == set()
    with pytest.raises(PermissionDenied):
        services.minutes_circulate(actor=coord, meeting=meeting)
    services.minutes_approve(actor=coord, meeting=meeting)
    meeting.refresh_from_db()
    assert permissions.minutes_actions(coord, meeting) == {MinutesAction.CORRECT}
    assert permissions.minutes_actions(invitee, meeting, inv) == set()
    for call in (
        lambda: services.minutes_save(actor=coord, meeting=meeting, text="x"),
        lambda: services.minutes_approve(actor=coord, meeting=meeting),
        lambda: services.minutes_comment(actor=invitee, meeting=meeting, text="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Minutes.objects.get().status == MinutesStatus.APPROVED


def test_proposal_and_action_item_actions():
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    meeting = _schedule(coord)
    proposal = services.agenda_proposal_submit(actor=member_user, meeting=meeting, title="Tema")
    assert permissions.proposal_actions(coord, proposal) == {
        ProposalAction.ACCEPT,
        ProposalAction.DECLINE,
    }
    assert permissions.proposal_actions(member_user, proposal) == set()
    services.agenda_proposal_decide(actor=coord, proposal=proposal, accept=True)
    proposal = AgendaProposal.objects.get(pk=proposal.pk)
    assert permissions.proposal_actions(coord, proposal) == set()

    item = ActionItem.objects.create(
        meeting=meeting, body=meeting.body, text="x", owner=member_user
    )
    assert permissions.action_item_actions(member_user, item) == {
        ActionItemAction.DONE,
        ActionItemAction.DROP,
    }
    assert permissions.action_item_actions(f.coordinator(2), item) == set()
    services.action_item_set_status(actor=member_user, item=item, status="done")
    item.refresh_from_db()
    assert permissions.action_item_actions(coord, item) == {ActionItemAction.REOPEN}
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(actor=coord, item=item, status="dropped")
    r = _client(coord).post(_url("action_reopen", pk=item.pk))
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "open"


def test_the_body_page_offers_one_button_per_action_item_action():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    item = ActionItem.objects.create(meeting=meeting, body=meeting.body, text="Informe")
    page = _client(coord).get(_url("body_detail", slug="mr1")).content.decode()
    assert _url("action_done", pk=item.pk) in page and _url("action_drop", pk=item.pk) in page
    assert _url("action_reopen", pk=item.pk) not in page and "<select" not in page
    assert (
        _url("action_done", pk=item.pk)
        not in _client().get(_url("body_detail", slug="mr1")).content.decode()
    )


STATE_LITERAL = re.compile(
    r"""(==|!=)\s*["'](pending|accepted|declined|draft|circulated|approved|open|done|dropped"""
    r"""|scheduled|cancelled)["']|value=["'](open|done|dropped)["']"""
)


def test_no_state_literals_in_the_templates_and_views_that_show_actions():
    root = Path(__file__).resolve().parents[2] / "mesas"
    files = [
        *(root / "templates/mesas").glob("*.html"),
        *(root / "views").glob("*.py"),
    ]
    found = [
        f"{p.name}: {m.group(0)}" for p in files for m in STATE_LITERAL.finditer(p.read_text())
    ]
    assert found == []
