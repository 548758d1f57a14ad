"""Mandates over time (§5): created for the winners, ended as served, stepped down (the seat is
offered to the next-ranked candidate who keeps parity, or a by-election is asked for) or
replaced; the UN-agency seats designated by the GT-SC; reminders before a mandate ends."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mecanismo.core.selectors import mesa_coordinators
from mecanismo.core.services import audit_record
from mecanismo.outbox import categories
from mecanismo.outbox.services import absolute_url, email_enqueue, recipient_language

from .. import keys, permissions, selectors
from ..dates import add_years
from ..models import (
    AgencyDesignation,
    Candidacy,
    Election,
    Mandate,
    MandateEnd,
    OfferStatus,
    SeatKind,
    SeatOffer,
)
from ._common import EMAIL_PREFIX, refuse, require, when
from .candidacies import term_number_for

REMINDER_DAYS = (60, 30)


def other_seat_gender(election: Election) -> str | None:
    """For a by-election: the parity gender of whoever holds the mesa's other seat when the
    term starts (None if vacant or not elected)."""
    seat = election.by_election_seat
    if seat is None:
        return None
    other = (
        selectors.mandates_on(election.term_starts_on)
        .filter(seat__mesa_id=seat.mesa_id, seat__kind=SeatKind.MESA)
        .exclude(seat=seat)
        .first()
    )
    return other.candidacy.parity_gender if other and other.candidacy_id else None


@transaction.atomic
def mandates_for_winners(*, actor, election: Election) -> list[Mandate]:
    """One mandate per elected candidate, seat 1 then seat 2 (or the by-election's seat), for
    the election's term. Call inside the transaction that publishes the results."""
    seats = (
        [election.by_election_seat]
        if election.by_election_seat_id
        else [selectors.mesa_seat(election.mesa, n) for n in (1, 2)]
    )
    by_id = {c.pk: c for c in election.candidacies.all()}
    made = []
    start = election.term_starts_on
    for seat, cand_id in zip(seats, election.result.get("elected", []), strict=False):
        cand = by_id[cand_id]
        if Mandate.objects.filter(seat=seat, starts_on__gte=start).exists():
            refuse(
                _("%(seat)s already has a mandate starting on or after this term's start.")
                % {"seat": seat}
            )
        # The outgoing mandate hands over on the day the elected term starts (one per seat on
        # any day: the database's exclusion constraint), as an agency designation does.
        for old in Mandate.objects.select_for_update().filter(
            seat=seat, starts_on__lt=start, ends_on__gt=start
        ):
            old.ends_on, old.ended_how = start, MandateEnd.SERVED
            old.save(update_fields=["ends_on", "ended_how"])
            audit_record(actor=actor, action="mandate.handed_over", target=old)
        mandate = Mandate.objects.create(
            seat=seat,
            user=cand.user,
            member=cand.member,
            election=election,
            candidacy=cand,
            starts_on=election.term_starts_on,
            ends_on=election.term_ends_on,
            term_number=term_number_for(cand.user, election.term_starts_on),
        )
        audit_record(actor=actor, action="mandate.created", target=mandate, election_id=election.pk)
        made.append(mandate)
    return made


def _mail(*, key, user, template, category=categories.MEMBERSHIP, **context):
    """Values given as callables (labels such as a seat's name) are read in the recipient's
    language."""
    lang = recipient_language(user)
    with translation.override(lang):
        context = {k: (v() if callable(v) else v) for k, v in context.items()}
    return email_enqueue(
        key=key,
        user=user,
        template=EMAIL_PREFIX + template,
        context={"url": absolute_url("vinculacion:linking_table", lang), **context},
        category=category,
    )


def _next_candidate(vacated: Mandate) -> Candidacy | None:
    """The next-ranked candidate of the vacated mandate's election who keeps parity with the
    holder of the mesa's other seat, not seated and not yet asked for this seat."""
    election = vacated.election
    if election is None:
        return None
    today = max(timezone.localdate(), vacated.ends_on)
    others = selectors.mandates_on(today).filter(seat__mesa_id=vacated.seat.mesa_id)
    other_gender = next(
        (
            m.candidacy.parity_gender
            for m in others
            if m.candidacy_id and m.seat_id != vacated.seat_id
        ),
        None,
    )
    seated = set(Mandate.objects.filter(election=election).values_list("candidacy_id", flat=True))
    asked = set(vacated.offers.values_list("candidacy_id", flat=True))
    by_id = {c.pk: c for c in selectors.standing_candidacies(election).select_related("user")}
    for cand_id in election.result.get("ranking", []):
        cand = by_id.get(cand_id)
        if cand is None or cand_id in seated or cand_id in asked:
            continue
        if other_gender is None or cand.parity_gender != other_gender:
            return cand
    return None


def _offer_next(*, actor, vacated: Mandate) -> SeatOffer | None:
    cand = _next_candidate(vacated)
    if cand is None:
        for user in mesa_coordinators(vacated.seat.mesa_id):
            _mail(
                key=keys.by_election_needed(vacated, user),
                user=user,
                template="by_election_needed",
                seat=lambda: str(vacated.seat),
            )
        audit_record(actor=actor, action="mandate.by_election_needed", target=vacated)
        return None
    offer = SeatOffer.objects.create(vacated=vacated, candidacy=cand)
    lang = recipient_language(cand.user)
    _mail(
        key=keys.seat_offer(offer),
        user=cand.user,
        template="seat_offer",
        seat=lambda: str(vacated.seat),
        term_ends=when(vacated.election.term_ends_on, cand.user),
        offer_url=absolute_url("vinculacion:offer_answer", lang, pk=offer.pk),
    )
    audit_record(actor=actor, action="seat_offer.made", target=offer, candidacy_id=cand.pk)
    return offer


@transaction.atomic
def mandate_step_down(*, actor, mandate: Mandate, on: datetime.date | None = None) -> Mandate:
    """The representative steps down from today (§5): the mandate ends, and the seat is offered
    to the next-ranked candidate of the same election who keeps parity — or, if there is none,
    the mesa's coordinators are asked to hold a by-election for that seat only."""
    mandate = (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("seat", "election")
        .get(pk=mandate.pk)
    )
    require(permissions.can_step_down(actor, mandate), _("Only the representative can step down."))
    day = on or timezone.localdate()
    mandate.ends_on = max(day, mandate.starts_on + datetime.timedelta(days=1))
    mandate.ended_how = MandateEnd.STEPPED_DOWN
    mandate.save(update_fields=["ends_on", "ended_how"])
    audit_record(actor=actor, action="mandate.stepped_down", target=mandate)
    if mandate.seat.kind == SeatKind.MESA:
        _offer_next(actor=actor, vacated=mandate)
    return mandate


@transaction.atomic
def offer_answer(*, actor, offer: SeatOffer, accept: bool) -> Mandate | None:
    """The candidate accepts (a mandate for the rest of the term) or declines (the next one is
    asked, or a by-election)."""
    offer = (
        SeatOffer.objects.select_for_update(of=("self",))
        .select_related("vacated__seat", "vacated__election", "candidacy__user")
        .get(pk=offer.pk)
    )
    if not permissions.can_answer_offer(actor, offer):
        refuse(_("This offer is not open for you."), "not_yours")
    vacated = offer.vacated
    start = max(timezone.localdate(), vacated.ends_on)
    term_end = vacated.election.term_ends_on
    offer.decided_at = timezone.now()
    if not accept or start >= term_end:
        offer.status = OfferStatus.DECLINED
        offer.save(update_fields=["status", "decided_at"])
        audit_record(actor=actor, action="seat_offer.declined", target=offer)
        _offer_next(actor=actor, vacated=vacated)
        return None
    offer.status = OfferStatus.ACCEPTED
    offer.save(update_fields=["status", "decided_at"])
    cand = offer.candidacy
    mandate = Mandate.objects.create(
        seat=vacated.seat,
        user=cand.user,
        member=cand.member,
        election=vacated.election,
        candidacy=cand,
        starts_on=start,
        ends_on=term_end,
        term_number=term_number_for(cand.user, start),
    )
    audit_record(actor=actor, action="seat_offer.accepted", target=offer)
    audit_record(
        actor=actor, action="mandate.created", target=mandate, replaces_mandate_id=vacated.pk
    )
    return mandate


@transaction.atomic
def agency_designation_record(
    *,
    actor,
    agencies: list,
    agreed_on: datetime.date,
    agreed_at: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    volunteers=(),
    meeting=None,
) -> AgencyDesignation:
    """GT-SC staff record the consensus designation of the two UN-agency seats (§5): the two
    agencies, when and where it was agreed, the term (one year unless given). A mandate still
    running on the seats ends the day before and is marked replaced."""
    require(permissions.can_designate_agencies(actor), _("Only GT-SC staff designate agencies."))
    if len(agencies) != 2 or agencies[0] == agencies[1]:
        refuse(_("Designate two different agencies, one per seat."))
    ends_on = ends_on or add_years(starts_on, 1)
    if ends_on <= starts_on:
        refuse(_("The term must end after it starts."))
    seats = selectors.agency_seats()
    if len(seats) != 2:
        refuse(_("The two UN-agency seats are missing: load the reference data (migrate)."))
    later = Mandate.objects.filter(seat__in=seats, starts_on__gte=starts_on).exists()
    if later:
        refuse(_("These seats already have a designation starting on or after that date."))
    designation = AgencyDesignation.objects.create(
        agreed_on=agreed_on,
        agreed_at=agreed_at,
        meeting=meeting,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
    )
    designation.volunteers.set(volunteers or agencies)
    running = Mandate.objects.select_for_update().filter(seat__in=seats, ends_on__gt=starts_on)
    for old in running:
        old.ends_on, old.ended_how = starts_on, MandateEnd.REPLACED
        old.save(update_fields=["ends_on", "ended_how"])
        audit_record(actor=actor, action="mandate.replaced", target=old)
    for seat, agency in zip(seats, agencies, strict=True):
        mandate = Mandate.objects.create(
            seat=seat, agency=agency, designation=designation, starts_on=starts_on, ends_on=ends_on
        )
        audit_record(actor=actor, action="mandate.created", target=mandate)
    audit_record(actor=actor, action="agency_designation.recorded", target=designation)
    return designation


def mandates_sweep(today: datetime.date | None = None) -> int:
    """Daily: mark ended mandates as served; tell the mesa's coordinators and the representative
    60 and 30 days before a mandate ends (outbox keys: exactly once each)."""
    today = today or timezone.localdate()
    Mandate.objects.filter(ends_on__lte=today, ended_how="").update(ended_how=MandateEnd.SERVED)
    sent = 0
    with transaction.atomic():
        for days in REMINDER_DAYS:
            ending = selectors.mandates_on(today).filter(
                ends_on__lte=today + datetime.timedelta(days=days),
                ends_on__gt=today + datetime.timedelta(days=days - 7),
                seat__kind=SeatKind.MESA,
            )
            for mandate in ending:
                people = list(mesa_coordinators(mandate.seat.mesa_id))
                if mandate.user is not None:
                    people.append(mandate.user)
                for user in {u.pk: u for u in people}.values():
                    sent += bool(
                        _mail(
                            key=keys.mandate_ending(mandate, user, days),
                            user=user,
                            template="mandate_ending",
                            category=categories.COORDINATOR_REMINDERS,
                            seat=lambda m=mandate: str(m.seat),
                            holder=mandate.holder_name,
                            days=days,
                            ends_on=when(mandate.ends_on, user),
                        )
                    )
    return sent
