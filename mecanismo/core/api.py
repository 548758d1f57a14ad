"""Open data, read-only JSON (§11 /api/v1/). Titles in all four languages in every response, so
a client does not need one request per language."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import LANGUAGE_CODES, Mesa, Objective


def _langs(obj, field):
    return {lang: getattr(obj, f"{field}_{lang}") for lang in LANGUAGE_CODES}


def objective_data(objective: Objective) -> dict:
    return {
        "number": objective.number,
        "title": _langs(objective, "title"),
        "mesa": objective.mesa.slug,
    }


@require_GET
@cache_control(public=True, max_age=300)
def objectives(request):
    rows = Objective.objects.select_related("mesa").order_by("number")
    return JsonResponse({"objectives": [objective_data(o) for o in rows]})


@require_GET
@cache_control(public=True, max_age=300)
def mesas(request):
    rows = Mesa.objects.prefetch_related("objectives").order_by("number")
    data = [
        {
            "slug": m.slug,
            "number": m.number,
            "name": _langs(m, "name"),
            "description": _langs(m, "description"),
            "objectives": [
                {"number": o.number, "title": _langs(o, "title")} for o in m.objectives.all()
            ],
        }
        for m in rows
    ]
    return JsonResponse({"mesas": data})
