"""The public calendar and the iCalendar feeds (§6)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.pagination import paginate

from .. import feeds, forms, permissions, selectors, services
from ..models import (
    Body,
    CalendarToken,
    Meeting,
)
from ._common import PAGE_SIZE


def calendar(request):
    bodies = list(Body.objects.order_by("sort", "slug"))
    form = forms.CalendarFilterForm(request.GET or None, bodies=bodies)
    body = None
    if form.is_valid() and form.cleaned_data.get("body"):
        body = next((b for b in bodies if b.slug == form.cleaned_data["body"]), None)
    month = form.month_start() if request.GET else None
    today = timezone.localdate()
    month = month or today.replace(day=1)
    since = datetime.datetime.combine(month, datetime.time(), timezone.get_current_timezone())
    prev_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    page = paginate(
        request, selectors.calendar_meetings(body=body, since=since), per_page=PAGE_SIZE
    )
    return render(
        request,
        "mesas/calendar.html",
        {
            "form": form,
            "page": page,
            "body": body,
            "bodies": bodies,
            "month": month,
            "prev_month": prev_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    invitation = selectors.invitation_for(request.user, meeting)
    if not permissions.can_view_meeting(request.user, meeting, invitation):
        raise Http404
    with_link = permissions.can_see_video_link(request.user, meeting, invitation)
    cal = feeds.calendar_for(
        [(meeting, invitation)], name=meeting.title, with_link=with_link, request=request
    )
    return feeds.ics_response(cal, f"meeting-{meeting.pk}.ics")


def feed_body(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    meetings = selectors.feed_meetings_for_body(body)
    cal = feeds.calendar_for(
        [(m, None) for m in meetings], name=body.name, with_link=False, request=request
    )
    return feeds.ics_response(cal, f"{body.slug}.ics")


def feed_private(request, token: str):
    owner = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token, user__is_active=True
    ).user
    invitations = selectors.feed_invitations_for_user(owner)
    cal = feeds.calendar_for(
        [(inv.meeting, inv) for inv in invitations],
        name=_("My meetings"),
        with_link=True,
        request=request,
    )
    return feeds.ics_response(cal, "my-meetings.ics")


@login_required
def my_calendar(request):
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        messages.success(request, _("Your private calendar address was changed."))
        return redirect("mesas:my_calendar")
    token = services.calendar_token_for(user=request.user)
    return render(request, "mesas/my_calendar.html", {"token": token})
