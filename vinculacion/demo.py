"""Demo linking table (issue 12): every mesa has a counted and published election of the current
term whose winners hold the eight elected seats (MR 4: "parity not met"), the GT-SC designated
IOM and UNDP to the two agency seats, and MR 1 has an election with voting open in which
member@demo.local can vote; the linking table has one published integrated strategy and one
draft. Rows are written directly (no e-mail for past events), but results
and mandates come from the real tally and services. Idempotent: elections are found by title."""

import datetime
import random
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from mecanismo.core.models import Agency, Mesa
from membership.models import ContactPerson, ContactStatus, MembershipStatus, MesaMembership

from . import services
from .dates import add_years
from .models import (
    AgencyDesignation,
    Ballot,
    Candidacy,
    Election,
    ElectionState,
    ElectorateEntry,
    IntegratedStrategy,
    Mandate,
    SeatOffer,
    StrategyState,
    VoteRecord,
)
from .services.ballots import new_tracker
from .tally import fingerprint

# Genders of the three candidates per mesa; MR 4 has no man among its candidates.
GENDERS = {1: ["woman", "man", "woman"], 2: ["man", "woman", "man"], 3: ["woman", "man", "man"]}
GENDERS[4] = ["woman", "woman", "woman"]
NAMES = [
    "Lucía Ramírez",
    "Andrés Castillo",
    "Marisol Quintero",
    "Jorge Villalobos",
    "Daniela Ortiz",
    "Ricardo Paredes",
    "Valentina Rojas",
    "Tomás Herrera",
    "Camila Duarte",
    "Fernanda Silva",
    "Beatriz Lozano",
    "Rosa Nieves",
]
TERM_STARTED_DAYS_AGO = 200


def _contacts(mesa, exclude_user_ids):
    """(user, member) of approved members of the mesa, in a stable order."""
    members = MesaMembership.objects.filter(
        mesa=mesa, status=MembershipStatus.APPROVED
    ).values_list("member_id", flat=True)
    rows = (
        ContactPerson.objects.filter(member_id__in=members, status=ContactStatus.APPROVED)
        .exclude(user_id__in=exclude_user_ids)
        .select_related("user", "member", "member__actor_type")
        .order_by("member__name_normalised")
    )
    seen, result = set(), []
    for row in rows:
        if row.member_id not in seen:
            seen.add(row.member_id)
            result.append(row)
    return result


def _election(mesa, title, *, closes, term_start, state, creator):
    opens = closes - datetime.timedelta(days=14)
    election, created = Election.objects.get_or_create(
        title=title,
        defaults={
            "mesa": mesa,
            "description": "Elección de las dos personas que representan a la mesa en la "
            "mesa de vinculación.",
            "nominations_open_at": opens,
            "nominations_close_at": opens + datetime.timedelta(days=7),
            "voting_open_at": opens + datetime.timedelta(days=8),
            "voting_close_at": closes,
            "term_starts_on": term_start,
            "term_ends_on": add_years(term_start, 1),
            "state": state,
            "electorate_frozen_at": opens + datetime.timedelta(days=7),
            "created_by": creator,
        },
    )
    return election, created


def _stand(election, contacts, genders, names):
    cands = []
    for contact, gender, name in zip(contacts, genders, names, strict=False):
        cands.append(
            Candidacy.objects.create(
                election=election,
                user=contact.user,
                member=contact.member,
                display_name=name,
                parity_gender=gender,
                network_ties="Red regional de organizaciones de personas migrantes.",
                advocacy_local=True,
                advocacy_national=True,
                advocacy_regional=gender == "woman",
                coordination_capacity="Coordinación de posiciones comunes con otras redes.",
                time_available="Cinco horas por semana",
                subregion=contact.member.subregion,
                sector=contact.member.actor_type,
            )
        )
    return cands


def _vote(election, members, cands, rnd):
    for member in members:
        VoteRecord.objects.create(election=election, member=member)
        k = rnd.choice([0, 1, 2, 2])
        picks = sorted(c.pk for c in rnd.sample(cands, k)) if k else []
        Ballot.objects.create(
            election=election, fingerprint=fingerprint(new_tracker()), choices=picks
        )


def _past_election(mesa, creator, today, rnd):
    term_start = today - datetime.timedelta(days=TERM_STARTED_DAYS_AGO)
    closes = timezone.make_aware(
        datetime.datetime.combine(term_start - datetime.timedelta(days=10), datetime.time(18))
    )
    title = f"Elección de representantes MR {mesa.number} {term_start.year}"
    election, created = _election(
        mesa,
        title,
        closes=closes,
        term_start=term_start,
        state=ElectionState.PUBLISHED,
        creator=creator,
    )
    if not created:
        return election
    # One seat per person: people already elected elsewhere in the demo do not stand again.
    elected = Mandate.objects.filter(user__isnull=False).values_list("user_id", flat=True)
    contacts = _contacts(mesa, exclude_user_ids=list(elected))
    offset = (mesa.number - 1) * 3
    cands = _stand(election, contacts[1:4], GENDERS[mesa.number], NAMES[offset : offset + 3])
    members = [c.member for c in contacts]
    ElectorateEntry.objects.bulk_create(
        [ElectorateEntry(election=election, member=m) for m in members]
    )
    _vote(election, members, cands, rnd)
    election.result = services.election_tally(election)
    election.ballots_shuffled_at = election.counted_at = closes
    election.published_at = closes + datetime.timedelta(hours=1)
    election.save()
    services.mandates_for_winners(actor=creator, election=election)
    return election


def _open_election(mesa, creator, member_user, now, rnd):
    closes = now + datetime.timedelta(days=5)
    next_term = add_years(timezone.localdate() - datetime.timedelta(days=TERM_STARTED_DAYS_AGO), 1)
    title = f"Elección de representantes MR {mesa.number} {next_term.year}"
    election, created = _election(
        mesa,
        title,
        closes=closes,
        term_start=next_term,
        state=ElectionState.VOTING,
        creator=creator,
    )
    if not created:
        return election
    election.nominations_open_at = now - datetime.timedelta(days=10)
    election.nominations_close_at = now - datetime.timedelta(days=3)
    election.voting_open_at = now - datetime.timedelta(days=2)
    election.electorate_frozen_at = election.nominations_close_at
    election.save()
    exclude = [member_user.pk] if member_user else []
    contacts = _contacts(mesa, exclude_user_ids=exclude)
    cands = _stand(election, contacts[4:7], ["woman", "man", "man"], NAMES[9:12])
    everyone = _contacts(mesa, exclude_user_ids=[])
    ElectorateEntry.objects.bulk_create(
        [ElectorateEntry(election=election, member=c.member) for c in everyone]
    )
    own = {c.member_id for c in everyone if c.user_id in exclude}
    _vote(election, [c.member for c in everyone[:3] if c.member_id not in own], cands, rnd)
    return election


def seed(ctx: dict) -> None:
    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps)
    creator = ctx.get("coordinator1") or ctx.get("admin")
    if creator is None:
        return
    rnd = random.Random(12)  # nosec B311
    today = timezone.localdate()
    past = {
        m.number: _past_election(m, creator, today, rnd) for m in Mesa.objects.order_by("number")
    }
    _step_down_and_replace(past[3], today)
    _open_election(Mesa.objects.get(number=1), creator, ctx.get("member_user"), timezone.now(), rnd)
    if not AgencyDesignation.objects.exists() and ctx.get("gtsc"):
        start = today - datetime.timedelta(days=TERM_STARTED_DAYS_AGO)
        services.agency_designation_record(
            actor=ctx["gtsc"],
            agencies=[Agency.objects.get(code="iom"), Agency.objects.get(code="undp")],
            volunteers=list(Agency.objects.filter(code__in=["iom", "undp", "unfpa"])),
            agreed_on=start - datetime.timedelta(days=20),
            agreed_at="Reunión del GT-SC (acta de la sesión ordinaria)",
            starts_on=start,
        )
    _sync_linking_table_invitations()
    _strategies(ctx.get("gtsc"))
    ctx["linking_table_mandates"] = Mandate.objects.count()


STRATEGIES = [
    (
        "Estrategia integrada de protección en las rutas migratorias",
        StrategyState.PUBLISHED,
        [1, 3],
        "# Propósito\n\nCoordinar la incidencia de las mesas 1 y 3 sobre la protección de las "
        "personas en tránsito.\n\n## Líneas de acción\n\n- Informe regional conjunto.\n"
        "- Diálogo con los gobiernos de la subregión.\n",
    ),
    (
        "Borrador: estrategia de regularización e inclusión laboral",
        StrategyState.DRAFT,
        [2, 4],
        "# Propósito\n\nPropuesta en discusión en la mesa de vinculación.\n",
    ),
]


def _strategies(author) -> None:
    """One published integrated strategy and one draft, written by the GT-SC staff member
    (IOM holds an agency seat, so they sit on the linking table)."""
    if author is None:
        return
    for title, state, mesas, text in STRATEGIES:
        if not IntegratedStrategy.objects.filter(title=title).exists():
            services.strategy_create(
                actor=author,
                title=title,
                text=text,
                mesas=Mesa.objects.filter(number__in=mesas),
                state=state,
            )


def _step_down_and_replace(election, today) -> None:
    """In MR 3 a representative stepped down ten days ago and the next-ranked candidate who
    keeps parity accepted the seat (a seat offer, a stepped-down and a replacing mandate)."""
    if SeatOffer.objects.exists():
        return
    elected = set(election.result.get("elected", []))
    rest = [c for c in election.candidacies.all() if c.pk not in elected]
    for mandate in Mandate.objects.filter(election=election).select_related("candidacy", "user"):
        if rest and mandate.candidacy.parity_gender == rest[0].parity_gender:
            services.mandate_step_down(
                actor=mandate.user, mandate=mandate, on=today - datetime.timedelta(days=10)
            )
            offer = SeatOffer.objects.filter(vacated=mandate).first()
            if offer is not None:
                services.offer_answer(actor=offer.candidacy.user, offer=offer, accept=True)
            return


def _sync_linking_table_invitations() -> None:
    """The meetings demo ran before the mandates existed: invite the seat holders now."""
    from mesas.models import BodyKind, Meeting, MeetingStatus
    from mesas.services import invitations_sync

    upcoming = Meeting.objects.filter(
        body__kind=BodyKind.LINKING_TABLE,
        status=MeetingStatus.SCHEDULED,
        starts_at__gt=timezone.now(),
    )
    for meeting in upcoming:
        invitations_sync(meeting=meeting)
