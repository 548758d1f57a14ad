"""Links to a body's inputs, recommendations and consultations for those who coordinate it
(`{% load mesas_outputs %}{% body_outputs_links body %}` on the body page)."""

from django import template

from .. import permissions_outputs as perms

register = template.Library()


@register.inclusion_tag("mesas/_body_outputs.html", takes_context=True)
def body_outputs_links(context, body):
    user = context["request"].user
    return {"body": body, "show": perms.can_manage_recommendation(user, body)}
