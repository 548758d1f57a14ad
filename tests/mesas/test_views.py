"""Pages of §6: who may use them, bad input, and constant query counts (§10)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mecanismo.core.models import Objective
from mecanismo.documents.models import Document
from mesas import services
from mesas.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Invitation,
    Meeting,
    Minutes,
    MinutesVersion,
    Speaker,
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


def _big_meeting(n_people: int, *, days=-1, with_minutes=True):
    """A meeting with a 10-item agenda (objectives and a document each), speakers, agreements,
    action items, n_people invitees with replies and attendance, and approved minutes."""
    meeting = f.meeting(days=days)
    objectives = list(Objective.objects.order_by("number")[:3])
    for i in range(10):
        item = AgendaItem.objects.create(meeting=meeting, position=i, title=f"Punto {i}")
        item.objectives.set(objectives)
    Speaker.objects.create(meeting=meeting, name="Ponente", role="speaker")
    Agreement.objects.create(meeting=meeting, text="Acuerdo")
    users = UserFactory.create_batch(n_people, verified=False)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=u, rsvp="online", attendance=Attendance.PRESENT)
        for u in users
    )
    if with_minutes:
        minutes = Minutes.objects.create(meeting=meeting, status="approved", text="Acta")
        for n in (1, 2):
            doc = Document.objects.create(
                key=f"t:{meeting.pk}:{n}",
                builder="mesas.documents.minutes_pdf",
                filename="acta.pdf",
                status="ready",
                public=True,
            )
            MinutesVersion.objects.create(
                minutes=minutes, number=n, text="Acta", html="<p>Acta</p>", document=doc
            )
    return meeting, users


def test_bodies_and_body_pages_show_the_quarter_flag():
    f.meeting("mr1", days=1)
    c = _client()
    html = c.get(_url("body_list")).content.decode()
    assert "MR 1" in html and "Mesa de vinculación" in html
    page = c.get(_url("body_detail", slug="mr2")).content.decode()
    assert "alert-warning" in page  # MR 2 has no meeting this quarter
    page = c.get(_url("body_detail", slug="mr1")).content.decode()
    assert (
        "alert-warning" not in page
        or timezone.localdate().month != (timezone.localdate() + datetime.timedelta(days=1)).month
    )


def test_coordinators_overview_needs_a_coordinator():
    assert _client(UserFactory()).get(_url("body_overview")).status_code == 403
    coord = f.coordinator(1)
    response = _client(coord).get(_url("body_overview"))
    assert response.status_code == 200
    assert response.context["bodies"][0].slug == "mr1" and len(response.context["bodies"]) == 1


def test_schedule_form_refuses_another_body_with_403():
    coord = f.coordinator(1)
    c = _client(coord)
    assert c.get(_url("meeting_create", slug="mr2")).status_code == 403
    assert c.post(_url("meeting_create", slug="mr2"), {}).status_code == 403
    assert _client().get(_url("meeting_create", slug="mr1")).status_code == 302


def _form(start, end, **kw):
    return {
        "title": "Reunión del trimestre",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "America/Bogota",
        "modality": "virtual",
        "video_link": "https://meet.example.org/q",
        "is_public": "on",
        **kw,
    }


def test_schedule_form_bad_input_gets_a_clear_message_and_nothing_changes():
    coord = f.coordinator(1)
    c = _client(coord)
    future = timezone.now() + datetime.timedelta(days=5)
    r = c.post(
        _url("meeting_create", slug="mr1"), _form(future, future - datetime.timedelta(hours=1))
    )
    assert r.status_code == 400 and "debe terminar después" in r.content.decode()
    past = timezone.now() - datetime.timedelta(days=5)
    r = c.post(_url("meeting_create", slug="mr1"), _form(past, past + datetime.timedelta(hours=1)))
    assert r.status_code == 400 and "pasado" in r.content.decode()
    assert not Meeting.objects.exists()


def test_schedule_form_keeps_the_meeting_time_zone():
    coord = f.coordinator(1)
    start = (timezone.now() + datetime.timedelta(days=20)).replace(hour=10, minute=0)
    r = _client(coord).post(
        _url("meeting_create", slug="mr1"),
        _form(start, start + datetime.timedelta(hours=2), speakers="Ana Pérez, OIM"),
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.time_zone == "America/Bogota"
    assert meeting.local_start.hour == 10
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 15  # Bogotá is UTC-5
    assert meeting.speakers.get().affiliation == "OIM"


def test_video_link_only_for_invitees():
    meeting = f.meeting(days=3)
    m, invitee = f.member_in_mesa(1)
    f.invite(meeting, invitee, m)
    link = meeting.video_link
    assert link not in _client().get(meeting.get_absolute_url()).content.decode()
    assert link not in _client(UserFactory()).get(meeting.get_absolute_url()).content.decode()
    assert link in _client(invitee).get(meeting.get_absolute_url()).content.decode()


def test_rsvp_through_the_page():
    meeting = f.meeting(days=3)
    m, invitee = f.member_in_mesa(1)
    f.invite(meeting, invitee, m)
    c = _client(invitee)
    assert c.post(_url("rsvp", pk=meeting.pk), {"response": "in_person"}).status_code == 302
    assert Invitation.objects.get(user=invitee).rsvp == "in_person"
    coord = f.coordinator(1)
    page = _client(coord).get(meeting.get_absolute_url()).content.decode()
    assert "1 en persona" in page or "1 attending in person" in page or "1 asist" in page


def test_attendance_form_for_200_people_prefilled_and_saved_in_one_post():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    users = UserFactory.create_batch(200, verified=False)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=u, rsvp="not_attending" if i % 10 == 0 else "online")
        for i, u in enumerate(users)
    )
    c = _client(coord)
    checked = []
    for page in (1, 2, 3, 4):
        r = c.get(_url("attendance", pk=meeting.pk), {"page": page})
        checked += re.findall(r'name="(a-\d+)" value="(\w+)" checked', r.content.decode())
    assert len(checked) == 200  # every person once, a choice pre-filled from the reply
    assert [v for _n, v in checked].count("excused") == 20
    assert {v for _n, v in checked} == {"excused", "online"}  # hybrid: present online
    r = c.post(_url("attendance", pk=meeting.pk), dict(checked))
    assert r.status_code == 302
    assert Invitation.objects.filter(attendance="present", presence="online").count() == 180
    assert Invitation.objects.filter(attendance="excused").count() == 20


def test_attendance_post_for_a_non_invitee_changes_nothing():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    _m, u = f.member_in_mesa(1)
    inv = f.invite(meeting, u)
    other = f.invite(f.meeting(days=-2), UserFactory())
    r = _client(coord).post(
        _url("attendance", pk=meeting.pk), {f"a-{inv.pk}": "present", f"a-{other.pk}": "present"}
    )
    assert r.status_code == 400 and "invitad" in r.content.decode()
    assert not Invitation.objects.exclude(attendance="").exists()


def test_minutes_page_approving_uncirculated_minutes_is_refused():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    c = _client(coord)
    c.post(_url("minutes_save", pk=meeting.pk), {"text": "Borrador"})
    page = c.get(_url("minutes", pk=meeting.pk)).content.decode()
    assert _url("minutes_approve", pk=meeting.pk) not in page  # not offered for a draft
    r = c.post(_url("minutes_approve", pk=meeting.pk))
    assert r.status_code == 403
    assert meeting.minutes.versions.count() == 0


def test_strangers_cannot_touch_minutes_or_attendance():
    meeting = f.meeting(days=-1)
    c = _client(f.coordinator(2))
    assert c.get(_url("minutes", pk=meeting.pk)).status_code == 403
    assert c.get(_url("attendance", pk=meeting.pk)).status_code == 403
    assert c.post(_url("attendance", pk=meeting.pk), {}).status_code == 403
    assert _client().get(_url("meeting_detail", pk=999999)).status_code == 404


def test_meeting_page_queries_are_constant_for_visitors(django_assert_num_queries):
    small, _ = _big_meeting(10)
    big, _ = _big_meeting(500)
    c = _client()
    for meeting in (small, big):
        with django_assert_num_queries(8):  # of 10 allowed
            r = c.get(meeting.get_absolute_url())
        assert r.status_code == 200
    assert "500 personas presentes" in r.content.decode()


def test_meeting_page_queries_are_constant_for_members(django_assert_num_queries):
    small, small_users = _big_meeting(10, days=2)
    big, big_users = _big_meeting(500, days=2)
    for meeting, users in ((small, small_users), (big, big_users)):
        c = _client(users[0])
        with django_assert_num_queries(11):  # of 12 allowed
            r = c.get(meeting.get_absolute_url())
        assert r.status_code == 200


def test_calendar_queries_are_constant(django_assert_num_queries):
    start = timezone.now() + datetime.timedelta(days=1)
    b = f.body("mr1")
    Meeting.objects.bulk_create(
        Meeting(
            body=b,
            title=f"R{i}",
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i + 1),
            modality="virtual",
        )
        for i in range(120)
    )
    c = _client()
    # Bodies and one page of meetings; no COUNT(*) (pages fetch one row more instead).
    with django_assert_num_queries(2):
        r = c.get(_url("calendar"))
    assert len(r.context["page"].items) == 50 and r.context["page"].has_next
    with django_assert_num_queries(2):
        r = c.get(_url("calendar") + "?body=mr1&page=3")
    assert len(r.context["page"].items) == 20 and not r.context["page"].has_next
    assert "?body=mr1&amp;page=2" in r.content.decode()  # the pager link keeps the filter
    # A month that is not one is a form error on the calendar page itself (400, issue 11's bound),
    # still showing the current month's meetings, not a crash.
    bad = c.get(_url("calendar") + "?month=garbage&page=x&body=nope")
    assert bad.status_code == 400 and bad.context["form"].errors and bad.context["page"].items


def test_body_feed_has_public_meetings_without_links():
    public = f.meeting(days=5, title="Pública")
    f.meeting(days=6, title="Privada", is_public=False)
    r = _client().get(_url("feed_body", slug="mr1"))
    assert r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]).split(" · ")[0] for e in events] == ["Pública"]
    event = events[0]
    assert event.decoded("DTSTART").tzinfo.key == "America/Bogota"
    assert event.decoded("DTSTART") == public.starts_at.replace(microsecond=0)
    assert str(event["LOCATION"]) == "Ciudad de Panamá"
    assert public.video_link not in r.content.decode()
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == datetime.timedelta(days=-1)
    assert cal.walk("VTIMEZONE")


def test_private_feed_has_links_and_my_reply_and_the_token_can_be_reset():
    meeting = f.meeting(days=5)
    m, user = f.member_in_mesa(1)
    f.invite(meeting, user, m, rsvp="not_attending")
    token = services.calendar_token_for(user=user).token
    r = _client().get(_url("feed_private", token=token))
    event = Calendar.from_ical(r.content).walk("VEVENT")[0]
    assert meeting.video_link in str(event["DESCRIPTION"])
    attendee = event["ATTENDEE"]
    assert attendee.params["PARTSTAT"] == "DECLINED"
    c = _client(user)
    assert c.post(_url("my_calendar")).status_code == 302
    assert _client().get(_url("feed_private", token=token)).status_code == 404


def test_meeting_ics_download():
    meeting = f.meeting(days=5)
    r = _client().get(_url("meeting_ics", pk=meeting.pk))
    events = Calendar.from_ical(r.content).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert meeting.video_link not in r.content.decode()


def test_pages_render_for_a_coordinator():
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    m, u = f.member_in_mesa(1)
    f.invite(meeting, u, m)
    item = services.agenda_item_add(actor=coord, meeting=meeting, title="Punto")
    c = _client(coord)
    for name, kw in [
        ("meeting_detail", {"pk": meeting.pk}),
        ("meeting_edit", {"pk": meeting.pk}),
        ("agenda", {"pk": meeting.pk}),
        ("document_upload", {"pk": meeting.pk, "item": item.pk}),
        ("proposals", {"pk": meeting.pk}),
        ("attendance", {"pk": meeting.pk}),
        ("outcomes", {"pk": meeting.pk}),
        ("minutes", {"pk": meeting.pk}),
        ("body_detail", {"slug": "mr1"}),
        ("body_overview", {}),
        ("my_calendar", {}),
        ("calendar", {}),
    ]:
        assert c.get(_url(name, **kw)).status_code == 200, name
    assert c.get(reverse("mesas:detail", kwargs={"slug": "mr1"})).status_code == 200


@pytest.mark.parametrize(
    ("lang", "mine", "meetings"),
    [
        ("es", "Ciudad de México, México", "Bogotá, Colombia"),
        ("pt", "Cidade do México, México", "Bogotá, Colômbia"),
        ("fr", "Mexico, Mexique", "Bogotá, Colombie"),
    ],
)
def test_meeting_page_and_calendar_name_time_zones_in_the_page_language(lang, mine, meetings):
    meeting = f.meeting(days=5)  # America/Bogota
    viewer = UserFactory(time_zone="America/Mexico_City")
    c = _client(viewer)
    page = c.get(f"/{lang}" + meeting.get_absolute_url()[3:]).content.decode()
    assert f"({mine})" in page  # the viewer's zone, after the time
    assert f"({meetings})" in page  # the meeting's own zone
    calendar = c.get(f"/{lang}" + _url("calendar")[3:]).content.decode()
    assert f"({mine})" in calendar
    for html in (page, calendar):
        assert "America/Mexico_City" not in html and "America/Bogota" not in html
