"""Audit actions as people read them. The log stores stable English codes
(`audit_record(action="mesa_membership.approved", ...)`); the audit page and the Django admin show
the label in the reader's language. Every code passed to `audit_record` must be listed here
(tests/core/test_audit_labels.py scans the source); an unknown code is shown as it is."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts and roles
    "account.deleted": _("Account deleted"),
    "my_data.exported": _("Own data exported"),
    "role.assigned": _("Role assigned"),
    "role.changed": _("Role changed"),
    "role.removed": _("Role removed"),
    # members and contact persons
    "member.registered": _("Member registered"),
    "member.updated": _("Member profile updated"),
    "member.archived": _("Member archived"),
    "contact.requested": _("Contact person requested"),
    "contact.approved": _("Contact person approved"),
    "contact.declined": _("Contact person declined"),
    "self_declaration.erased": _("Optional answers erased"),
    # membership of the mesas
    "mesa_membership.requested": _("Request to join a mesa"),
    "mesa_membership.approved": _("Request to join a mesa approved"),
    "mesa_membership.declined": _("Request to join a mesa declined"),
    "mesa_membership.left": _("Left a mesa"),
    "mesa_membership.withdrawn": _("Request to join a mesa withdrawn"),
    # meetings
    "meeting.schedule": _("Meeting scheduled"),
    "meeting.update": _("Meeting changed"),
    "meeting.cancel": _("Meeting cancelled"),
    "meeting.document_attach": _("Document attached to a meeting"),
    "meeting.proposal_decide": _("Agenda proposal decided"),
    "meeting.attendance": _("Attendance recorded"),
    "minutes.circulate": _("Draft minutes circulated"),
    "minutes.approve": _("Minutes approved"),
    "minutes.correct": _("Minutes corrected"),
    "calendar.token_reset": _("Private calendar address renewed"),
    # participation dashboards
    "dashboard.exported": _("Dashboard table exported (CSV)"),
    "dashboard.report_requested": _("Dashboard PDF report requested"),
}


def action_label(code: str) -> str:
    """The label of an audit action in the active language; the code itself if unknown."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
