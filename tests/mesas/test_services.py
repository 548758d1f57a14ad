"""Rules of §6 for meetings and minutes, one test per rule, against the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mecanismo.core.models import AuditLog
from mecanismo.documents.models import Document
from mesas import services
from mesas.models import (
    ActionItem,
    AgendaProposal,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from tests.documents import crafted
from tests.factories import UserFactory, make_gtsc, make_linking_table_member
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _when(days=10):
    start = timezone.now() + datetime.timedelta(days=days)
    return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}


def _schedule(actor, body_slug="mr1", **kw):
    args = {
        "title": "Reunión del segundo trimestre",
        "time_zone": "America/Bogota",
        "modality": "virtual",
        "video_link": "https://meet.example.org/x",
        **_when(),
        **kw,
    }
    return services.meeting_schedule(actor=actor, body=f.body(body_slug), **args)


def test_coordinator_schedules_and_approved_members_are_invited():
    coord = f.coordinator(1)
    _m1, u1 = f.member_in_mesa(1)
    _m2, u2 = f.member_in_mesa(1)
    _m3, outsider = f.member_in_mesa(2)
    meeting = _schedule(coord, speakers=[("Ana Pérez", "OIM", "speaker")])
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    assert {u1.pk, u2.pk, coord.pk} <= invited
    assert outsider.pk not in invited
    assert meeting.speakers.get().name == "Ana Pérez"
    assert AuditLog.objects.filter(action="meeting.schedule", target_id=str(meeting.pk)).exists()


def test_open_session_invites_every_member():
    coord = f.coordinator(1)
    _m, other_mesa_user = f.member_in_mesa(3)
    meeting = _schedule(coord, is_open=True)
    assert meeting.invitations.filter(user=other_mesa_user).exists()


def test_linking_table_invites_the_seat_holders():
    seat = UserFactory()
    make_linking_table_member(seat)
    _m, mesa_user = f.member_in_mesa(1)
    meeting = _schedule(seat, "linking-table")
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    assert seat.pk in invited and mesa_user.pk not in invited


def test_a_meeting_in_a_body_one_does_not_coordinate_is_refused():
    coord = f.coordinator(1)
    with pytest.raises(PermissionDenied):
        _schedule(coord, "mr2")
    gtsc = UserFactory()
    make_gtsc(gtsc)
    with pytest.raises(PermissionDenied):
        _schedule(gtsc, "mr1")
    _schedule(gtsc, "dialogues")  # GT-SC staff facilitate the dialogues
    assert Meeting.objects.count() == 1


def test_end_before_start_is_refused_and_nothing_written():
    coord = f.coordinator(1)
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as err:
        _schedule(coord, starts_at=start, ends_at=start - datetime.timedelta(hours=1))
    assert "ends_at" in err.value.message_dict
    assert not Meeting.objects.exists()


def test_in_person_needs_a_place_and_virtual_needs_a_link_in_the_service_too():
    """The form's rule is the service's rule (§6): the service refuses what the form refuses."""
    coord = f.coordinator(1)
    with pytest.raises(ValidationError) as refused:
        _schedule(coord, modality="in_person", place="  ", video_link="")
    assert set(refused.value.message_dict) == {"place"}
    with pytest.raises(ValidationError) as refused:
        _schedule(coord, modality="virtual", video_link="")
    assert set(refused.value.message_dict) == {"video_link"}
    assert Meeting.objects.count() == 0
    meeting = _schedule(coord)
    with pytest.raises(ValidationError):
        services.meeting_update(actor=coord, meeting=meeting, modality="in_person", place="")
    meeting.refresh_from_db()
    assert meeting.modality == "virtual"


def test_a_request_is_never_declined_without_a_reason_in_the_service_too():
    from membership.services import decision_reason_check

    with pytest.raises(ValidationError):
        decision_reason_check(approve=False, reason="   ")
    assert decision_reason_check(approve=False, reason=" Falta información ") == "Falta información"
    assert decision_reason_check(approve=True, reason="") == ""


def test_a_new_meeting_in_the_past_is_refused():
    coord = f.coordinator(1)
    with pytest.raises(ValidationError) as err:
        _schedule(coord, **_when(days=-1))
    assert "starts_at" in err.value.message_dict
    assert not Meeting.objects.exists()


def test_moving_a_meeting_tells_invitees_once_and_bumps_the_sequence(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    meeting = _schedule(coord)
    mail.outbox.clear()
    new = _when(days=12)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=coord, meeting=meeting, **new)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=coord, meeting=meeting, title="Nuevo título")
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    to_member = [m for m in mail.outbox if m.to == [member_user.email]]
    assert len(to_member) == 1


def test_cancelling_tells_every_invitee(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    meeting = _schedule(coord)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=coord, meeting=meeting, reason="Feriado nacional")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    sent = [m for m in mail.outbox if m.to == [member_user.email]]
    assert len(sent) == 1 and "Feriado nacional" in sent[0].body


def test_member_proposal_accepted_joins_agenda_and_proposer_is_told(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    meeting = _schedule(coord)
    proposal = services.agenda_proposal_submit(
        actor=member_user, meeting=meeting, title="Acceso a la salud"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_proposal_decide(actor=coord, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.agenda_item.title == "Acceso a la salud"
    assert [m.to for m in mail.outbox] == [[member_user.email]]
    with pytest.raises(PermissionDenied):  # decided: no action left in proposal_actions
        services.agenda_proposal_decide(actor=coord, proposal=proposal, accept=False, reason="x")


def test_declining_needs_a_reason_and_non_invitees_cannot_propose():
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    _o, outsider = f.member_in_mesa(2)
    meeting = _schedule(coord)
    with pytest.raises(PermissionDenied):
        services.agenda_proposal_submit(actor=outsider, meeting=meeting, title="x")
    proposal = services.agenda_proposal_submit(actor=member_user, meeting=meeting, title="y")
    with pytest.raises(ValidationError):
        services.agenda_proposal_decide(actor=coord, proposal=proposal, accept=False, reason="")
    assert AgendaProposal.objects.get().status == "pending"


def test_rsvp_only_by_invitees():
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    _o, outsider = f.member_in_mesa(2)
    meeting = _schedule(coord)
    services.rsvp_set(actor=member_user, meeting=meeting, response="online")
    assert Invitation.objects.get(meeting=meeting, user=member_user).rsvp == "online"
    with pytest.raises(PermissionDenied):
        services.rsvp_set(actor=outsider, meeting=meeting, response="online")


def test_attendance_is_one_bulk_write_and_refuses_non_invitees(django_assert_max_num_queries):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, modality="in_person")
    invs = []
    for _ in range(30):
        m, u = f.member_in_mesa(1)
        invs.append(f.invite(meeting, u, m))
    _o, outsider = f.member_in_mesa(2)
    other_meeting = f.meeting(days=-2)
    stranger = f.invite(other_meeting, outsider)
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=coord, meeting=meeting, marks={invs[0].pk: "present", stranger.pk: "present"}
        )
    assert not Invitation.objects.exclude(attendance="").exists()
    marks = {inv.pk: "present" for inv in invs}
    marks[invs[0].pk] = "excused"
    with django_assert_max_num_queries(8):
        services.attendance_record(actor=coord, meeting=meeting, marks=marks)
    assert Invitation.objects.filter(attendance="present").count() == 29


def test_attendance_waits_for_the_meeting():
    coord = f.coordinator(1)
    meeting = f.meeting(days=2)
    _m, u = f.member_in_mesa(1)
    inv = f.invite(meeting, u)
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coord, meeting=meeting, marks={inv.pk: "present"})


def test_minutes_markdown_is_sanitised():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    text = (
        "## Acuerdos\n\n<script>alert(1)</script><style>p{}</style>"
        '<iframe src="https://evil.example"></iframe>[clic](javascript:alert(1)) **bien**'
    )
    minutes = services.minutes_save(actor=coord, meeting=meeting, text=text)
    html = minutes.html.lower()
    for bad in ("<script", "alert(1)", "<style", "<iframe", "javascript:"):
        assert bad not in html
    assert "<strong>bien</strong>" in html and "<h4>acuerdos</h4>" in html


def test_minutes_not_circulated_cannot_be_approved():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    services.minutes_save(actor=coord, meeting=meeting, text="Texto")
    with pytest.raises(PermissionDenied):  # APPROVE is not in minutes_actions for a draft
        services.minutes_approve(actor=coord, meeting=meeting)
    assert Minutes.objects.get().status == MinutesStatus.DRAFT
    assert not Document.objects.exists()


def test_minutes_flow_renders_a_public_pdf_and_corrections_make_versions(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    m, u = f.member_in_mesa(1, name="Red Migrante del Sur")
    f.invite(meeting, u, m, attendance="present")
    services.agenda_item_add(actor=coord, meeting=meeting, title="Salud de las personas migrantes")
    services.minutes_save(actor=coord, meeting=meeting, text="Se acordó seguir trabajando.")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=coord, meeting=meeting)
    assert [x.to for x in mail.outbox] == [[u.email]]
    with django_capture_on_commit_callbacks(execute=True):
        v1 = services.minutes_approve(actor=coord, meeting=meeting)
    v1.refresh_from_db()
    assert v1.document.status == "ready" and v1.document.public
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.minutes_correct(
            actor=coord, meeting=meeting, text="Texto corregido", note="Nombre corregido"
        )
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.number, v2.number) == (1, 2)
    assert v1.document_id != v2.document_id and v1.document.is_ready and v2.document.is_ready


def test_uploads_are_checked_by_content():
    coord = f.coordinator(1)
    meeting = f.meeting(days=3)
    item = services.agenda_item_add(actor=coord, meeting=meeting, title="Punto")
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError):
        services.agenda_document_attach(actor=coord, item=item, title="x", upload=fake)
    pdf = SimpleUploadedFile("informe.bin", crafted.pdf())
    assert services.agenda_document_attach(actor=coord, item=item, title="a", upload=pdf).kind == (
        "pdf"
    )
    odt = SimpleUploadedFile("acta.odt", crafted.odt())
    assert services.agenda_document_attach(actor=coord, item=item, title="b", upload=odt).kind == (
        "odt"
    )
    docx = SimpleUploadedFile("a.docx", crafted.docx())
    assert services.agenda_document_attach(actor=coord, item=item, title="c", upload=docx).kind == (
        "docx"
    )
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (services.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(ValidationError):
        services.agenda_document_attach(actor=coord, item=item, title="d", upload=big)


def test_meeting_reminders_reach_each_invitee_once_and_skip_decliners(
    django_capture_on_commit_callbacks,
):
    meeting = f.meeting(days=5)
    m1, yes = f.member_in_mesa(1)
    m2, no = f.member_in_mesa(1)
    f.invite(meeting, yes, m1, rsvp="online")
    f.invite(meeting, no, m2, rsvp="not_attending")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send() == 1
        assert services.meeting_reminders_send() == 0
    assert [x.to for x in mail.outbox] == [[yes.email]]
    # One day before: the 1-day reminder, once.
    later = meeting.starts_at - datetime.timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_reminders_send(now=later)
        Invitation.objects.update(reminded_1d_at=None)  # a lost stamp: the outbox key still holds
        services.meeting_reminders_send(now=later)
    assert [x.to for x in mail.outbox] == [[yes.email], [yes.email]]


def test_action_item_owner_is_reminded_once_when_due(django_capture_on_commit_callbacks):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-3)
    _m, owner = f.member_in_mesa(1)
    services.action_item_add(
        actor=coord,
        meeting=meeting,
        text="Enviar el informe",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    services.action_item_add(
        actor=coord,
        meeting=meeting,
        text="Más tarde",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.action_item_reminders_send() == 1
        assert services.action_item_reminders_send() == 0
    assert len(mail.outbox) == 1 and "Enviar el informe" in mail.outbox[0].body
    assert ActionItem.objects.filter(reminded_at__isnull=False).count() == 1


def test_quarter_rule_reminds_coordinators_once_in_the_last_month(
    django_capture_on_commit_callbacks,
):
    coord = f.coordinator(2)
    f.coordinator(1)
    mid_quarter = datetime.date(2031, 5, 10)
    last_month = datetime.date(2031, 6, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.quarter_reminders_send(today=mid_quarter) == 0
    # MR 1 meets in the quarter; MR 2 does not.
    start = datetime.datetime(2031, 6, 20, 15, tzinfo=datetime.UTC)
    Meeting.objects.create(
        body=f.body("mr1"),
        title="Q2",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        modality="virtual",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.quarter_reminders_send(today=last_month)
        services.quarter_reminders_send(today=last_month + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [[coord.email]]
    assert "segundo trimestre de 2031" in mail.outbox[0].subject


def test_semester_rule_for_dialogues(django_capture_on_commit_callbacks):
    gtsc = UserFactory()
    make_gtsc(gtsc)
    with django_capture_on_commit_callbacks(execute=True):
        services.quarter_reminders_send(today=datetime.date(2031, 3, 5))  # not last month
    assert not [m for m in mail.outbox if m.to == [gtsc.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.quarter_reminders_send(today=datetime.date(2031, 6, 5))
    assert any("primer semestre de 2031" in m.subject for m in mail.outbox if m.to == [gtsc.email])


def test_calendar_token_reset_changes_the_secret():
    user = UserFactory()
    old = services.calendar_token_for(user=user).token
    assert services.calendar_token_reset(user=user).token != old


@pytest.mark.parametrize(
    ("lang", "mine", "meetings"),
    [
        ("es", "(Ciudad de México, México)", "(Bogotá, Colombia)"),
        ("pt", "(Cidade do México, México)", "(Bogotá, Colômbia)"),
        ("fr", "(Mexico, Mexique)", "(Bogotá, Colombie)"),
    ],
)
def test_meeting_emails_name_time_zones_in_the_recipients_language(
    django_capture_on_commit_callbacks, lang, mine, meetings
):
    coord = f.coordinator(1)
    _m, member_user = f.member_in_mesa(1)
    member_user.language, member_user.time_zone = lang, "America/Mexico_City"
    member_user.save(update_fields=["language", "time_zone"])
    meeting = _schedule(coord)  # America/Bogota
    context = services.meeting_email_context(meeting, member_user)
    assert context["when"].endswith(mine) and context["when_meeting_zone"].endswith(meetings)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=coord, meeting=meeting, **_when(days=12))
    (sent,) = [m for m in mail.outbox if m.to == [member_user.email]]
    assert mine in sent.body and meetings in sent.body
    assert "America/" not in sent.body + sent.subject
