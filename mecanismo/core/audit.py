"""Audit actions as people read them. The log stores stable English codes
(`audit_record(action="mesa_membership.approved", ...)`); the audit page and the Django admin show
the label in the reader's language. Every code passed to `audit_record` must be listed here
(tests/core/test_audit_labels.py scans the source); an unknown code is shown as it is."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
    "member.invitation_accepted": _("Invitation of an imported member accepted"),
    "members.imported": _("Members imported from a file"),
    "members.import_undone": _("Import of members undone"),
    "members.invitations_resent": _("Invitations of an import sent again"),
    "members.exported": _("Members list exported"),
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
    "meeting.attendance_all": _("Everyone not recorded marked present"),
    "meeting.agenda_item_update": _("Agenda item changed"),
    "minutes.circulate": _("Draft minutes circulated"),
    "minutes.approve": _("Minutes approved"),
    "minutes.correct": _("Minutes corrected"),
    "calendar.token_reset": _("Private calendar address renewed"),
    # linking table: elections, candidacies, counts, mandates, designations (never a ballot)
    "election.created": _("Election announced"),
    "election.nominations_opened": _("Election nominations opened"),
    "election.nominations_closed": _("Election nominations closed, electorate frozen"),
    "election.voting_opened": _("Election voting opened"),
    "election.voting_closed": _("Election voting closed, ballots rewritten"),
    "election.counted": _("Election counted"),
    "election.published": _("Election results published"),
    "candidacy.stood": _("Candidacy registered"),
    "candidacy.withdrawn": _("Candidacy withdrawn"),
    "mandate.created": _("Mandate started"),
    "mandate.stepped_down": _("Representative stepped down"),
    "mandate.replaced": _("Mandate replaced"),
    "mandate.handed_over": _("Mandate handed over to the elected successor"),
    "mandate.by_election_needed": _("By-election needed"),
    "seat_offer.made": _("Seat offered to the next-ranked candidate"),
    "seat_offer.accepted": _("Seat offer accepted"),
    "seat_offer.declined": _("Seat offer declined"),
    "agency_designation.recorded": _("UN-agency designation recorded"),
    "integrated_strategy.created": _("Integrated strategy written"),
    "integrated_strategy.updated": _("Integrated strategy edited"),
    "integrated_strategy.published": _("Integrated strategy published"),
    "integrated_strategy.unpublished": _("Integrated strategy back to draft"),
    "linking_table_role.migrated": _("Hand-assigned linking-table role moved to the mandates"),
    # inputs, consultations, recommendations, indicators (issue 13)
    "input.submit": _("Input sent"),
    "input.acknowledge": _("Input acknowledged"),
    "input.link": _("Input linked to what uses it"),
    "consultation.open": _("Consultation on a draft opened"),
    "recommendation.create": _("Recommendation drafted"),
    "recommendation.adopt": _("Recommendation adopted"),
    "recommendation.publish": _("Recommendation published"),
    "recommendation.follow_up": _("Follow-up entry recorded"),
    "dialogue.record": _("Dialogue with governments recorded"),
    "indicator.define": _("Indicator defined"),
    "indicator.change": _("Indicator definition changed"),
    "indicator.measure": _("Indicator measurement recorded"),
    "indicator.correct": _("Indicator measurement corrected"),
    # communication (issue 14)
    "announcement.published": _("Announcement published"),
    "post.hidden": _("Discussion post hidden"),
    "post.restored": _("Discussion post restored"),
    "thread.locked": _("Discussion thread closed"),
    "thread.reopened": _("Discussion thread reopened"),
    # participation dashboards
    "dashboard.exported": _("Dashboard table exported (CSV)"),
    "dashboard.report_requested": _("Dashboard PDF report requested"),
}


def action_label(code: str) -> str:
    """The label of an audit action in the active language; the code itself if unknown."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


# --- Details as a reader reads them (issue 10: no raw dicts such as {'moved': True}) --------

FIELD_LABELS = {
    "name": _("name"),
    "actor_type": _("actor type"),
    "country": _("country"),
    "description": _("description"),
    "website": _("website"),
    "listed_in_directory": _("directory listing"),
    "works_local": _("local level"),
    "works_national": _("national level"),
    "works_regional": _("regional level"),
    "gathers_networks": _("networks"),
}

KIND_LABELS = {"organisation": _("organisation"), "individual": _("individual")}


def _mesa(slug: str) -> str:
    match = re.fullmatch(r"mr(\d+)", str(slug))
    return f"MR {match.group(1)}" if match else str(slug)


def _detail(key: str, value) -> str | None:
    """One detail as a phrase, or None when it is only an internal reference."""
    from .models import Role

    if key == "moved":
        return str(_("date or time moved") if value else _("same date and time"))
    if key == "fields":
        names = [str(FIELD_LABELS.get(f, str(f).replace("_", " "))) for f in value or []]
        return _("changed: %(fields)s") % {"fields": ", ".join(names)} if names else None
    if key == "kind":
        return str(KIND_LABELS.get(value, value))
    if key in ("mesa", "body"):
        return _mesa(value)
    if key == "version":
        return _("version %(n)s") % {"n": value}
    if key == "rows":
        return ngettext("%(count)d person", "%(count)d people", value) % {"count": value}
    if key == "accepted":
        return str(_("accepted") if value else _("declined"))
    if key == "outcome":
        return str(_("now a mandate") if value == "mandate" else _("ended"))
    if key == "role":
        return str(Role(value).label) if value in Role.values else str(value)
    # Other keys are references (ids of the election, the candidacy…) or codes: the target
    # column names the object, and an English key name would leak into every language.
    return None


def audit_details(data) -> str:
    """The entry's data as short phrases in the active language ("date or time moved · MR 1")."""
    if not isinstance(data, dict):
        return ""
    phrases = [_detail(key, value) for key, value in data.items()]
    return " · ".join(p for p in phrases if p)
