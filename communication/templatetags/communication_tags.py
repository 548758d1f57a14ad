"""Panels other pages include: the body page's announcements and discussions, the member's
home ("{% load communication_tags %}{% home_communication %}"), unread count."""

from django import template

from .. import permissions, selectors
from ..models import Category

register = template.Library()

PANEL_ROWS = 5


@register.inclusion_tag("communication/includes/body_panel.html", takes_context=True)
def body_communication(context, body):
    user = context["request"].user
    member = permissions.is_body_member(user, body)
    return {
        "body": body,
        "member": member,
        "can_announce": permissions.can_announce(user, body),
        "announcements": list(selectors.body_announcements(body)[:PANEL_ROWS]) if member else [],
        "has_discussions": permissions.has_discussions(body),
    }


@register.inclusion_tag("communication/includes/home_panel.html", takes_context=True)
def home_communication(context):
    user = context["request"].user
    if not getattr(user, "is_authenticated", False):
        return {"show": False}
    return {
        "show": True,
        "announcements": list(selectors.announcements_for_user(user)[:PANEL_ROWS]),
        "unread": selectors.unread_count(user),
    }


@register.filter
def category_label(code: str) -> str:
    """The label of a notification category in the active language (digest e-mails)."""
    return str(Category(code).label) if code in Category.values else code
