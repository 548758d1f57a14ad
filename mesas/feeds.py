"""iCalendar feeds (§6 Calendar): per body (public meetings, no video link), per person (private
address with a secret token: their meetings, the video link, their reply) and one meeting.
Events keep the meeting's own time zone (VTIMEZONE included) and carry an alarm the day before."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from mecanismo.outbox.services import site_url

from .models import MeetingStatus, Rsvp

PARTSTAT = {
    Rsvp.IN_PERSON: "ACCEPTED",
    Rsvp.ONLINE: "ACCEPTED",
    Rsvp.NOT_ATTENDING: "DECLINED",
    "": "NEEDS-ACTION",
}


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "localhost"


def event_for(meeting, invitation=None, *, with_link: bool, base_url: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("summary", f"{meeting.title} · {meeting.body.name}")
    event.add("dtstart", timezone.localtime(meeting.starts_at, meeting.zone))
    event.add("dtend", timezone.localtime(meeting.ends_at, meeting.zone))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("sequence", meeting.sequence)
    event.add("url", base_url + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    location = meeting.place or meeting.get_modality_display()
    event.add("location", str(location))
    description = [meeting.description] if meeting.description else []
    if with_link and meeting.video_link:
        description.append(_("Video link: %(link)s") % {"link": meeting.video_link})
        event.add("conference", meeting.video_link, parameters={"VALUE": "URI"})
    description.append(base_url + meeting.get_absolute_url())
    event.add("description", "\n\n".join(description))
    if invitation is not None:
        attendee = vCalAddress(f"mailto:{invitation.user.email}")
        attendee.params["cn"] = vText(str(invitation.user))
        attendee.params["partstat"] = vText(PARTSTAT.get(invitation.rsvp, "NEEDS-ACTION"))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    if meeting.status != MeetingStatus.CANCELLED:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", datetime.timedelta(days=-1))
        alarm.add("description", meeting.title)
        event.add_component(alarm)
    return event


def calendar_for(pairs, *, name: str, with_link: bool, request=None) -> Calendar:
    base_url = site_url()
    cal = Calendar()
    cal.add("prodid", "-//Mecanismo PMM LAC//meetings//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # One line: X-WR-CALNAME is not escaped by icalendar, and a meeting title may hold newlines.
    cal.add("x-wr-calname", vText(" ".join(str(name).split())))
    for meeting, invitation in pairs:
        cal.add_component(event_for(meeting, invitation, with_link=with_link, base_url=base_url))
    cal.add_missing_timezones()
    return cal


def ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
