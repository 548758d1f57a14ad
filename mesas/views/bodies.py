"""Bodies that meet: list, coordinators' overview, a body's page (§6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from mecanismo.core.pagination import paginate

from .. import permissions, selectors
from .attendance import action_item_buttons


def body_list(request):
    bodies = selectors.bodies_overview()
    return render(request, "mesas/body_list.html", {"bodies": bodies})


@login_required
def body_overview(request):
    """Coordinators' overview: the bodies they coordinate, flagged when a period has no meeting."""
    bodies = permissions.coordinated_bodies(request.user, selectors.bodies_overview())
    if not bodies:
        raise PermissionDenied
    return render(request, "mesas/body_overview.html", {"bodies": bodies})


def body_detail(request, slug: str):
    body = get_object_or_404(selectors.bodies_with_status(), slug=slug)
    selectors.decorate_period(body)
    can_manage = permissions.can_coordinate_body(request.user, body)
    # Private meetings stay private: neither they nor their action items are listed.
    meetings = selectors.body_meetings(body, include_private=can_manage)
    actions = list(selectors.open_action_items(body, include_private=can_manage)[:100])
    for item in actions:
        item.body = body
        item.buttons = action_item_buttons(request.user, item)
    return render(
        request,
        "mesas/body_detail.html",
        {
            "body": body,
            "can_manage": can_manage,
            "meetings": paginate(request, meetings, per_page=20),
            "actions": actions,
            "any_buttons": any(item.buttons for item in actions),
            "now": timezone.now(),
        },
    )
