from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language (stable, shareable addresses: §11)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return [(code, name, translate_url(path, code)) for code, name in settings.LANGUAGES]


@register.filter
def tr(obj, field):
    """`{{ mesa|tr:"name" }}`: a per-language field in the active language."""
    return obj.translated(field)
