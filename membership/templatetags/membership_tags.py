"""`{% load membership_tags %}{% mesa_members_panel mesa %}`: the member count of a mesa for
everyone and, for its coordinators, the first members with contact e-mails and links to the
full list and to pending requests. Used by the mesa page (owned by the mesas app)."""

from django import template

from .. import permissions, selectors

register = template.Library()

PANEL_SIZE = 10


@register.inclusion_tag("membership/includes/mesa_members_panel.html", takes_context=True)
def mesa_members_panel(context, mesa):
    request = context.get("request")
    user = getattr(request, "user", None)
    ctx = {
        "mesa": mesa,
        "count": selectors.approved_member_count(mesa),
        "coordinator": False,
        "composition": user is not None and permissions.can_view_mesa_composition(user, mesa),
    }
    if user is not None and permissions.can_view_mesa_members(user, mesa):
        rows = list(selectors.mesa_member_page_rows(mesa)[: PANEL_SIZE + 1])
        ctx.update(
            coordinator=True,
            members=rows[:PANEL_SIZE],
            more=len(rows) > PANEL_SIZE,
            pending=selectors.pending_requests(mesa).count(),
        )
    return ctx
