"""PDF builders for the documents pipeline (mecanismo.documents): called in the worker with the
params stored on the Document row, they return (template name, context)."""

from django.shortcuts import get_object_or_404

from mecanismo.core.models import current_language
from mecanismo.outbox.services import absolute_url
from membership.permissions import may_be_named_in_public

from . import selectors
from .models import MinutesVersion


def attendance_lines(invitations) -> list[dict[str, str]]:
    """The attendance table of the minutes PDF: member, person, attendance. An individual member
    who is not in the public directory is shown by kind, without a name (§9: the PDF may be
    public, and it is kept as it was approved)."""
    lines = []
    for invitation in invitations:
        member = invitation.member
        if member is not None and not may_be_named_in_public(member):
            names = (str(member.get_kind_display()), "")
        else:
            names = (member.name if member is not None else "", invitation.user.display_name)
        lines.append(
            {
                "member": names[0],
                "person": names[1],
                "attendance": str(invitation.get_attendance_display()),
            }
        )
    return lines


def minutes_pdf(params: dict):
    """The approved minutes of a meeting (§6): header with body, date, place and modality; agenda
    with GCM objective tags; attendance by member (present/excused/absent); agreements; action
    items; the text of this version."""
    version = get_object_or_404(
        MinutesVersion.objects.select_related("minutes__meeting__body", "approved_by"),
        pk=params["minutes_version_id"],
    )
    meeting = selectors.meeting_page().get(pk=version.minutes.meeting_id)
    return "mesas/pdf/minutes.html", {
        "meeting": meeting,
        "version": version,
        "attendance": attendance_lines(selectors.attendance_list(meeting)),
        # The printed page says where it lives online (SITE_URL, like every absolute link).
        "meeting_url": absolute_url("mesas:meeting_detail", current_language(), pk=meeting.pk),
    }
