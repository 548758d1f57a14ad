import datetime

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from mecanismo.core.audit import action_label, audit_details
from mecanismo.core.periods import period_name as _period_name
from mecanismo.core.timezones import time_zone_name

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language (stable, shareable addresses: §11)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return [(code, name, translate_url(path, code)) for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def current(context, url: str):
    """`<a href="{{ u }}"{% current u %}>`: marks the navigation link of the page (or section)
    being shown with aria-current="page" (read out by screen readers, underlined in CSS)."""
    request = context.get("request")
    path = request.path if request else ""
    if url and (path == url or (url.count("/") > 2 and path.startswith(url))):
        return mark_safe(' aria-current="page"')  # a constant  # nosec B308
    return ""


@register.filter
def tr(obj, field):
    """`{{ mesa|tr:"name" }}`: a per-language field in the active language."""
    return obj.translated(field)


@register.filter
def when(value, fmt: str = "DATETIME_FORMAT"):
    """`{{ meeting.starts_at|when }}`: a <time> element in the viewer's time zone (§2; the zone is
    their profile setting, activated by UserTimezoneMiddleware), with the zone named after the time
    in the page language ("Bogotá, Colombia", not the IANA id).
    `|when:"DATE_FORMAT"` shows the date only (still the viewer's local date)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = formats.date_format(local, fmt)
        if fmt not in DATE_ONLY_FORMATS and local.tzinfo is not None:
            text = f"{text} ({tz_name(local.tzinfo)})"
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), formats.date_format(value, fmt)
    )


DATE_ONLY_FORMATS = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT"}


@register.filter
def tz_name(zone) -> str:
    """`{{ meeting.time_zone|tz_name }}` or `{% get_current_timezone as TZ %}{{ TZ|tz_name }}`:
    the zone as people read it in the page language ("Ciudad de México, México"). Feeds (.ics)
    keep the IANA id."""
    if not zone:
        return ""
    key = getattr(zone, "key", None) or str(zone)
    return time_zone_name(key)


@register.filter
def period_name(code) -> str:
    """`{{ body.period_label|period_name }}`: "2026Q4" as "cuarto trimestre de 2026"."""
    return _period_name(code)


@register.filter
def audit_action(code: str) -> str:
    """`{{ entry.action|audit_action }}`: the audit action's label in the page language."""
    return action_label(code)


@register.filter
def audit_detail(data) -> str:
    """`{{ entry.data|audit_detail }}`: the entry's details as phrases, not a dict."""
    return audit_details(data)
