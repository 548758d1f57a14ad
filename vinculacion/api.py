"""Open data of the linking table (§11 /api/v1/): the ten seats, and for a published election
its results and the anonymised ballot list — the two documents the stand-alone verifier
(vinculacion/tally.py) reads."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from mecanismo.core.models import LANGUAGE_CODES

from . import selectors, services
from .models import Election, ElectionState


def _seat(row) -> dict:
    seat, mandate = row.seat, row.mandate
    data = {
        "seat": seat.code,
        "kind": seat.kind,
        "mesa": seat.mesa.slug if seat.mesa_id else None,
        "number": seat.number,
        "vacant": mandate is None,
    }
    if mandate is not None:
        cand = mandate.candidacy
        data.update(
            holder=mandate.holder_name,
            organisation=mandate.member.name if mandate.member_id else None,
            agency=mandate.agency.code if mandate.agency_id else None,
            starts_on=mandate.starts_on.isoformat(),
            ends_on=mandate.ends_on.isoformat(),
            consecutive_term=mandate.term_number,
            gender=cand.parity_gender if cand else None,
            subregion=cand.subregion if cand else None,
            sector=cand.sector.code if cand else None,
            election=mandate.election_id,
        )
    return data


@require_GET
@cache_control(public=True, max_age=60)
def linking_table(request):
    return JsonResponse({"seats": [_seat(r) for r in selectors.composition()]})


def _published(pk: int) -> Election:
    election = get_object_or_404(Election.objects.select_related("mesa"), pk=pk)
    if election.state != ElectionState.PUBLISHED:
        raise Http404
    return election


@require_GET
@cache_control(public=True, max_age=60)
def election_results(request, pk: int):
    election = _published(pk)
    result = election.result
    return JsonResponse(
        {
            "election": {
                "id": election.pk,
                "title": election.title,
                "mesa": election.mesa.slug,
                "seats_to_fill": election.seat_count,
                "by_election_seat": (
                    election.by_election_seat.code if election.by_election_seat_id else None
                ),
                "other_seat_gender": services.other_seat_gender(election),
                "electorate_size": result["electorate_size"],
                "voting_close_at": election.voting_close_at.isoformat(),
                "term_starts_on": election.term_starts_on.isoformat(),
                "term_ends_on": election.term_ends_on.isoformat(),
            },
            "candidates": [
                {"id": c.pk, "name": c.display_name, "gender": c.parity_gender}
                for c in selectors.standing_candidacies(election).order_by("pk")
            ],
            "result": result,
            "languages": LANGUAGE_CODES,
        }
    )


@require_GET
@cache_control(public=True, max_age=60)
def election_ballots(request, pk: int):
    election = _published(pk)
    return JsonResponse(
        {"election": election.pk, "ballots": list(selectors.published_ballots(election))}
    )
