"""Open data of recommendations and indicators (/api/v1/…, §2 transparency, §11). Published data
only, paged without COUNT (`?page=`; `next` is null on the last page). The shape is stable: fields
are only ever added, never renamed or removed (README, "Open data")."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from mecanismo.core.pagination import paginate

from . import selectors_outputs as sel
from .models import FollowUp, FollowUpTrack

API_PAGE_SIZE = 50


def _num(value) -> str:
    return str(value)


def _page(request, window, key: str, rows: list) -> JsonResponse:
    base = request.build_absolute_uri(request.path)
    return JsonResponse(
        {
            key: rows,
            "page": window.number,
            "next": f"{base}?page={window.next_number}" if window.has_next else None,
            "previous": f"{base}?page={window.previous_number}" if window.has_previous else None,
        }
    )


def _entry(e: FollowUp) -> dict:
    return {
        "date": e.on.isoformat(),
        "status": e.status or None,
        "addressee": (e.addressee.country.code if e.addressee and e.addressee.country_id else None),
        "addressee_actor": (e.addressee.actor or None) if e.addressee else None,
        "summary": e.summary,
        "source": {
            "kind": e.source_kind,
            "url": e.source_url or None,
            "meeting_id": e.source_meeting_id,
        },
    }


def recommendation_data(rec) -> dict:
    entries = list(rec.follow_ups.all())
    return {
        "id": rec.pk,
        "kind": rec.kind,
        "title": rec.title,
        "language": rec.language,
        "body": rec.body.slug,
        "objectives": [o.number for o in rec.objectives.all()],
        "sdg_targets": rec.sdg_targets,
        "adopted_on": rec.adopted_on.isoformat() if rec.adopted_on else None,
        "published_at": rec.published_at.isoformat() if rec.published_at else None,
        "overdue": bool(getattr(rec, "is_overdue", False)),
        "addressees": [
            {
                "country": a.country.code if a.country_id else None,
                "actor": a.actor or None,
                "response_due_on": a.response_due_on.isoformat() if a.response_due_on else None,
                "response_status": a.response_status,
            }
            for a in rec.addressees.all()
        ],
        "implementation_status": rec.implementation_status,
        "response_track": [_entry(e) for e in entries if e.track != FollowUpTrack.IMPLEMENTATION],
        "implementation_track": [
            _entry(e) for e in entries if e.track == FollowUpTrack.IMPLEMENTATION
        ],
        "text_html": rec.html,
    }


@require_GET
@cache_control(public=True, max_age=300)
def recommendations(request):
    from django.db.models import Prefetch

    qs = sel.recommendations_list().prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("addressee__country").order_by("on", "id"),
        )
    )
    window = paginate(request, qs, API_PAGE_SIZE)
    return _page(request, window, "recommendations", [recommendation_data(r) for r in window])


def indicator_data(indicator) -> dict:
    return {
        "slug": indicator.slug,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "objectives": [o.number for o in indicator.objectives.all()],
        "baseline": {"value": _num(indicator.baseline_value), "year": indicator.baseline_period},
        "target": {"value": _num(indicator.target_value), "year": indicator.target_period},
        "measurements": [
            {
                "year": m.period,
                "value": _num(m.value),
                "source": m.source,
                "source_url": m.source_url or None,
            }
            for m in indicator.current_measurements
        ],
    }


@require_GET
@cache_control(public=True, max_age=300)
def indicators(request):
    window = paginate(request, sel.indicators_published(), API_PAGE_SIZE)
    return _page(request, window, "indicators", [indicator_data(i) for i in window])
