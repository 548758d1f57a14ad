"""Thin views: parse the request, ask permissions.py, call a service or selector, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.models import User
from mecanismo.core.pagination import paginate
from membership.selectors import member_for_user

from . import feeds, forms, permissions, selectors, services
from .models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Body,
    CalendarToken,
    Invitation,
    Meeting,
)

PAGE_SIZE = 50
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _invitation(request, meeting) -> Invitation | None:
    if not request.user.is_authenticated:
        return None
    return Invitation.objects.filter(meeting=meeting, user=request.user).first()


def _meeting_for_manager(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "body__mesa"), pk=pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


# --------------------------------------------------------------------------- public pages


def mesa_list(request):
    return render(request, "mesas/mesa_list.html", {"mesas": selectors.mesas_with_objectives()})


def mesa_detail(request, slug: str):
    mesa = get_object_or_404(selectors.mesas_with_objectives(), slug=slug)
    body = Body.objects.filter(mesa=mesa).first()
    upcoming = []
    if body is not None:
        upcoming = list(
            selectors.calendar_meetings(body=body, since=timezone.now()).filter(status="scheduled")[
                :3
            ]
        )
    return render(
        request, "mesas/mesa_detail.html", {"mesa": mesa, "body": body, "upcoming": upcoming}
    )


def objective_list(request):
    return render(
        request, "mesas/objective_list.html", {"objectives": selectors.objectives_with_mesa()}
    )


def objective_detail(request, number: int):
    objective = get_object_or_404(selectors.objectives_with_mesa(), number=number)
    return render(request, "mesas/objective_detail.html", {"objective": objective})


def body_list(request):
    bodies = selectors.bodies_overview()
    return render(request, "mesas/body_list.html", {"bodies": bodies})


@login_required
def body_overview(request):
    """Coordinators' overview: the bodies they coordinate, flagged when a period has no meeting."""
    bodies = permissions.coordinated_bodies(request.user, selectors.bodies_overview())
    if not bodies:
        raise PermissionDenied
    return render(request, "mesas/body_overview.html", {"bodies": bodies})


def body_detail(request, slug: str):
    body = get_object_or_404(selectors.bodies_with_status(), slug=slug)
    selectors.decorate_period(body)
    can_manage = permissions.can_coordinate_body(request.user, body)
    # Private meetings stay private: neither they nor their action items are listed.
    meetings = selectors.body_meetings(body, include_private=can_manage)
    actions = selectors.open_action_items(body, include_private=can_manage)
    return render(
        request,
        "mesas/body_detail.html",
        {
            "body": body,
            "can_manage": can_manage,
            "meetings": paginate(request, meetings, per_page=20),
            "actions": actions[:100],
            "now": timezone.now(),
        },
    )


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
    )


def meeting_detail(request, pk: int):
    user = request.user
    meeting = get_object_or_404(selectors.meeting_page(user=user, coordinator=True), pk=pk)
    invitation = None
    if getattr(meeting, "my_invitation_id", None):
        # Built from the page query's annotation: the viewer's invitation costs no query.
        invitation = Invitation(
            pk=meeting.my_invitation_id, meeting=meeting, user=user, rsvp=meeting.my_rsvp
        )
    can_manage = permissions.can_manage_meeting(user, meeting)
    if not permissions.can_view_meeting(user, meeting, invitation):
        raise Http404
    member = None
    if user.is_authenticated and invitation is None and meeting.is_open:
        member = member_for_user(user)
    minutes = getattr(meeting, "minutes", None)
    versions = list(minutes.versions.all()) if minutes is not None else []
    return render(
        request,
        "mesas/meeting_detail.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "can_manage": can_manage,
            "can_rsvp": permissions.can_rsvp(user, meeting, invitation, member),
            "can_propose": permissions.can_propose_agenda_item(user, meeting, invitation, member),
            "see_link": permissions.can_see_video_link(user, meeting, invitation),
            "see_documents": permissions.can_download_document(user, meeting, invitation),
            "minutes": minutes,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "rsvp_form": forms.RsvpForm(initial={"response": getattr(invitation, "rsvp", "")}),
        },
    )


def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    invitation = _invitation(request, meeting)
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


@login_required
def document_download(request, pk: int):
    doc = get_object_or_404(AgendaDocument.objects.select_related("item__meeting__body"), pk=pk)
    meeting = doc.item.meeting
    if not permissions.can_download_document(request.user, meeting, _invitation(request, meeting)):
        raise PermissionDenied
    name = doc.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = DOCUMENT_TYPES.get(doc.kind, "application/octet-stream")
    return response


# --------------------------------------------------------------------------- coordinators


@login_required
def meeting_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can_coordinate_body(request.user, body):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user, body=body, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was scheduled and the invitees added."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(request, "mesas/meeting_form.html", {"form": form, "body": body}, status=status)


@login_required
def meeting_edit(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was updated."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mesas/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting},
        status=status,
    )


@login_required
def meeting_cancel(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was cancelled and the invitees told."))
            return redirect(meeting)
    return render(request, "mesas/meeting_cancel.html", {"form": form, "meeting": meeting})


@login_required
def agenda_manage(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The item was added to the agenda."))
        return redirect("mesas:agenda", pk=meeting.pk)
    items = meeting.agenda_items.prefetch_related("objectives", "documents")
    return render(
        request, "mesas/agenda_manage.html", {"meeting": meeting, "items": items, "form": form}
    )


@login_required
@require_POST
def agenda_item_move(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    services.agenda_item_move(
        actor=request.user, item=agenda_item, up=request.POST.get("direction") == "up"
    )
    return redirect("mesas:agenda", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_delete(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    services.agenda_item_delete(actor=request.user, item=agenda_item)
    messages.success(request, _("The item was removed from the agenda."))
    return redirect("mesas:agenda", pk=meeting.pk)


@login_required
def agenda_document_upload(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_document_attach(
                actor=request.user,
                item=agenda_item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("mesas:agenda", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mesas/document_form.html",
        {"form": form, "meeting": meeting, "item": agenda_item},
        status=status,
    )


@login_required
def proposals(request, pk: int):
    """Members propose items; coordinators see every proposal and decide; members see theirs."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    invitation = _invitation(request, meeting)
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    member = member_for_user(request.user)
    can_propose = permissions.can_propose_agenda_item(request.user, meeting, invitation, member)
    if not (can_manage or invitation is not None or can_propose):
        raise PermissionDenied
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST":
        if not can_propose:
            raise PermissionDenied
        if form.is_valid():
            services.agenda_proposal_submit(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
            messages.success(request, _("Your proposal was sent to the coordinators."))
            return redirect("mesas:proposals", pk=meeting.pk)
    qs = selectors.proposals_for(meeting)
    if not can_manage:
        qs = qs.filter(proposed_by=request.user)
    return render(
        request,
        "mesas/proposals.html",
        {
            "meeting": meeting,
            "form": form,
            "proposals": qs,
            "can_manage": can_manage,
            "can_propose": can_propose,
            "decision_form": forms.DecisionForm(),
        },
    )


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(AgendaProposal.objects.select_related("meeting__body"), pk=pk)
    if not permissions.can_manage_meeting(request.user, proposal.meeting):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        services.agenda_proposal_decide(
            actor=request.user,
            proposal=proposal,
            accept=accept,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The proposal joined the agenda.") if accept else _("The proposal was declined."),
        )
    return redirect("mesas:proposals", pk=proposal.meeting_id)


@login_required
@require_POST
def rsvp(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms.RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reply."))
        return redirect(meeting)
    try:
        services.rsvp_set(
            actor=request.user, meeting=meeting, response=form.cleaned_data["response"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your reply was saved."))
    return redirect(meeting)


@login_required
def attendance(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    rows = selectors.attendance_rows(meeting)
    form = forms.AttendanceForm(request.POST or None, rows=rows)
    status = 200
    if request.method == "POST":
        try:
            services.attendance_record(
                actor=request.user, meeting=meeting, marks=form.marks_from(request.POST)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            status = 400
        else:
            messages.success(request, _("Attendance was recorded."))
            return redirect(meeting)
    return render(
        request, "mesas/attendance.html", {"meeting": meeting, "form": form}, status=status
    )


@login_required
def outcomes(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    owners = User.objects.filter(meeting_invitations__meeting=meeting).order_by(
        "full_name", "email"
    )
    agreement_form = forms.AgreementForm(prefix="agreement")
    action_form = forms.ActionItemForm(prefix="action", owners=owners)
    if request.method == "POST":
        if "agreement-text" in request.POST:
            agreement_form = forms.AgreementForm(request.POST, prefix="agreement")
            if agreement_form.is_valid():
                services.agreement_add(
                    actor=request.user, meeting=meeting, text=agreement_form.cleaned_data["text"]
                )
                messages.success(request, _("The agreement was recorded."))
                return redirect("mesas:outcomes", pk=meeting.pk)
        else:
            action_form = forms.ActionItemForm(request.POST, prefix="action", owners=owners)
            if action_form.is_valid():
                services.action_item_add(
                    actor=request.user, meeting=meeting, **action_form.cleaned_data
                )
                messages.success(request, _("The action item was recorded."))
                return redirect("mesas:outcomes", pk=meeting.pk)
    return render(
        request,
        "mesas/outcomes.html",
        {
            "meeting": meeting,
            "agreements": meeting.agreements.all(),
            "actions": meeting.action_items.select_related("owner"),
            "agreement_form": agreement_form,
            "action_form": action_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def action_item_status(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("body"), pk=pk)
    form = forms.ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        services.action_item_set_status(
            actor=request.user, item=item, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action item was updated."))
    return redirect(item.body)


@login_required
def minutes(request, pk: int):
    """Write (draft), circulate, comment, approve and correct the minutes of a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("body", "minutes"), pk=pk)
    invitation = _invitation(request, meeting)
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    can_comment = permissions.can_comment_minutes(request.user, meeting, invitation)
    if not (can_manage or can_comment):
        raise PermissionDenied
    current = getattr(meeting, "minutes", None)
    approved = selectors.minutes_is_published(meeting)
    form_class = forms.CorrectionForm if approved else forms.MinutesForm
    form = form_class(initial={"text": current.text if current else ""})
    comment_form = forms.CommentForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in {"save", "circulate", "correct"}:
                if not can_manage:
                    raise PermissionDenied
                form = form_class(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Check the form."))
                if action == "correct":
                    services.minutes_correct(
                        actor=request.user, meeting=meeting, **form.cleaned_data
                    )
                    messages.success(request, _("The correction was approved as a new version."))
                else:
                    services.minutes_save(
                        actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
                    )
                    if action == "circulate":
                        services.minutes_circulate(actor=request.user, meeting=meeting)
                        messages.success(request, _("The minutes were circulated for comments."))
                    else:
                        messages.success(request, _("The draft was saved."))
            elif action == "approve":
                if not can_manage:
                    raise PermissionDenied
                services.minutes_approve(actor=request.user, meeting=meeting)
                messages.success(
                    request, _("The minutes were approved; the PDF is being prepared.")
                )
                return redirect(meeting)
            elif action == "comment":
                comment_form = forms.CommentForm(request.POST)
                if not comment_form.is_valid():
                    raise ValidationError(_("Write a comment."))
                services.minutes_comment(
                    actor=request.user, meeting=meeting, text=comment_form.cleaned_data["text"]
                )
                messages.success(request, _("Your comment was added."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            status = 400
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("mesas:minutes", pk=meeting.pk)
    meeting = Meeting.objects.select_related("body", "minutes").get(pk=meeting.pk)
    current = getattr(meeting, "minutes", None)
    return render(
        request,
        "mesas/minutes.html",
        {
            "meeting": meeting,
            "minutes": current,
            "form": form,
            "comment_form": comment_form,
            "comments": current.comments.select_related("author") if current else [],
            "can_manage": can_manage,
            "can_comment": can_comment,
        },
        status=status,
    )
