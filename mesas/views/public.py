"""Public pages of the mesas and the GCM objectives (§4)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import selectors
from ..models import (
    Body,
    MeetingStatus,
)
from .objectives import objective_sections


def mesa_list(request):
    return render(request, "mesas/mesa_list.html", {"mesas": selectors.mesas_with_objectives()})


def mesa_detail(request, slug: str):
    mesa = get_object_or_404(selectors.mesas_with_objectives(), slug=slug)
    body = Body.objects.filter(mesa=mesa).first()
    upcoming = []
    if body is not None:
        upcoming = list(
            selectors.calendar_meetings(body=body, since=timezone.now()).filter(
                status=MeetingStatus.SCHEDULED
            )[:3]
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
    context = {"objective": objective, "sections": objective_sections(request, objective)}
    return render(request, "mesas/objective_page.html", context)
