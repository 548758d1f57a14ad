"""Standing in an election and withdrawing (§5)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from membership.models import MembershipStatus, MesaMembership
from membership.selectors import member_for_user

from ..dates import add_years
from ..models import CANDIDACY_FIELDS, Candidacy, CandidacyStatus, Election, ElectionState, Mandate
from ._common import locked, refuse


def mandates_counting_against(user, term_start: datetime.date):
    """The person's mandates (any seat) ending at or after `term_start` minus one term."""
    return (
        Mandate.objects.filter(
            user=user,
            ends_on__gte=add_years(term_start, -1),
            starts_on__lt=term_start,
        )
        .select_related("seat", "seat__mesa")
        .order_by("starts_on")
    )


def _mandate_label(mandate: Mandate) -> str:
    return _("%(seat)s, %(start)s – %(end)s") % {
        "seat": mandate.seat,
        "start": formats.date_format(mandate.starts_on, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(mandate.ends_on, "SHORT_DATE_FORMAT"),
    }


def eligibility_problem(*, user, election: Election) -> str | None:
    """Why `user` may not stand in `election`, or None if they may (§5).

    Eligible: a contact person of a member organisation, or an individual member, whose member
    has an approved membership of the election's mesa. Not eligible: a person who would be
    starting a third consecutive term — two consecutive terms, for any seat, ending at or after
    the new term's start minus one term. A gap of one full term restores eligibility (§5: "at
    most one immediate re-election"). The explanation names the mandates concerned.
    """
    member = member_for_user(user)
    if member is None:
        return _("Only contact persons of member organisations and individual members can stand.")
    approved = MesaMembership.objects.filter(
        member=member, mesa_id=election.mesa_id, status=MembershipStatus.APPROVED
    ).exists()
    if not approved:
        return _("Your organisation needs an approved membership of %(mesa)s to stand.") % {
            "mesa": election.mesa.short_name
        }
    previous = list(mandates_counting_against(user, election.term_starts_on))
    if len(previous) >= 2:
        return _(
            "You cannot stand: this would be your third consecutive term (at most one immediate "
            "re-election). Your last two terms: %(mandates)s. You may stand again after a gap "
            "of one term."
        ) % {"mandates": "; ".join(_mandate_label(m) for m in previous)}
    return None


def term_number_for(user, starts_on: datetime.date) -> int:
    """1 for a first term or after a gap of a full term; 2 right after a term."""
    previous = Mandate.objects.filter(
        user=user, starts_on__lt=starts_on, ends_on__gt=add_years(starts_on, -1)
    ).count()
    return min(previous, 1) + 1


def _nominations_open(election: Election, now) -> bool:
    return (
        election.state == ElectionState.NOMINATIONS
        and election.electorate_frozen_at is None
        and now < election.nominations_close_at
    )


@transaction.atomic
def candidacy_stand(*, actor, election: Election, now=None, **fields) -> Candidacy:
    """Stand in an election with the public selection criteria of §5, while nominations are
    open and only if `eligibility_problem` finds nothing."""
    now = now or timezone.now()
    election = locked(election)
    if not _nominations_open(election, now):
        refuse(_("Nominations are closed: candidacies can no longer change."), "closed")
    problem = eligibility_problem(user=actor, election=election)
    if problem:
        refuse(problem, "ineligible")
    unknown = set(fields) - set(CANDIDACY_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidacy fields: {sorted(unknown)}")
    candidacy = Candidacy.objects.filter(election=election, user=actor).first()
    if candidacy is not None and candidacy.status == CandidacyStatus.STANDING:
        refuse(_("You have already stood in this election."), "twice")
    if candidacy is None:
        candidacy = Candidacy(election=election, user=actor)
    # Standing again after withdrawing reuses the row (one candidacy per person and election).
    for name, value in fields.items():
        setattr(candidacy, name, value)
    candidacy.member = member_for_user(actor)
    candidacy.status = CandidacyStatus.STANDING
    candidacy.save()
    audit_record(actor=actor, action="candidacy.stood", target=candidacy, election_id=election.pk)
    return candidacy


@transaction.atomic
def candidacy_withdraw(*, actor, candidacy: Candidacy, now=None) -> Candidacy:
    """A candidate withdraws until nominations close; afterwards candidacies are frozen."""
    now = now or timezone.now()
    election = locked(candidacy.election)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.user_id != actor.pk:
        refuse(_("Only the candidate can withdraw their candidacy."), "not_candidate")
    if not _nominations_open(election, now):
        refuse(_("Nominations are closed: candidacies can no longer change."), "closed")
    if candidacy.status == CandidacyStatus.WITHDRAWN:
        return candidacy
    candidacy.status = CandidacyStatus.WITHDRAWN
    candidacy.save(update_fields=["status"])
    audit_record(
        actor=actor, action="candidacy.withdrawn", target=candidacy, election_id=election.pk
    )
    return candidacy
