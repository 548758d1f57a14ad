"""Time zones as people read them: the city (and country) in the page's language, from CLDR
(Babel), not the English IANA identifier ("America/Mexico_City" reads "Cidade do México
(México)" in Portuguese, "Mexico (Mexique)" in French)."""

from __future__ import annotations

import zoneinfo
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django.conf import settings
from django.utils.translation import get_language

from .collation import collation_key

# Babel locale per portal language: Portuguese in the region is Brazilian Portuguese.
BABEL_LOCALES = {"es": "es_419", "en": "en", "pt": "pt_BR", "fr": "fr"}


@cache
def _zones() -> tuple[str, ...]:
    """Canonical American zones (old aliases such as America/Buenos_Aires would show twice)."""
    territories = get_global("zone_territories")
    return tuple(
        sorted(
            z
            for z in zoneinfo.available_timezones()
            if z.startswith("America/") and z in territories
        )
    )


@cache
def time_zone_label(zone: str, lang: str) -> str:
    if zone == "UTC" or not zone.startswith("America/"):
        return zone
    locale = Locale.parse(BABEL_LOCALES.get(lang, lang))
    try:
        city = get_timezone_location(zone, locale, return_city=True)
    except LookupError:
        return zone.replace("America/", "").replace("_", " ")
    zone = get_global("zone_aliases").get(zone, zone)
    territory = get_global("zone_territories").get(zone)
    country = locale.territories.get(territory, "") if territory else ""
    return f"{city} ({country})" if country and country != city else city


def _active_lang(lang: str | None = None) -> str:
    lang = (lang or get_language() or settings.LANGUAGE_CODE)[:2]
    return lang if lang in BABEL_LOCALES else settings.LANGUAGE_CODE[:2]


def time_zone_name(zone: str, lang: str | None = None) -> str:
    """A zone named after a time, inside parentheses: "Bogotá, Colombia" (es), "Mexico,
    Mexique" (fr), never the IANA id people cannot read. `lang` defaults to the active language.
    Only feeds (.ics) keep the real id, which calendar applications need."""
    return _inline_name(zone, _active_lang(lang))


@cache
def _inline_name(zone: str, lang: str) -> str:
    label = time_zone_label(zone, lang)
    if label.endswith(")") and " (" in label:
        city, country = label[:-1].rsplit(" (", 1)
        label = f"{city}, {country}"
    return label


@cache
def _choices(lang: str) -> tuple[tuple[str, str], ...]:
    pairs = [(zone, time_zone_label(zone, lang)) for zone in _zones()]
    pairs.sort(key=lambda pair: collation_key(pair[1], lang))
    return (*pairs, ("UTC", "UTC"))


def time_zone_choices() -> list[tuple[str, str]]:
    """Choices for a time-zone field, labelled and sorted in the active language."""
    lang = (get_language() or settings.LANGUAGE_CODE)[:2]
    return list(_choices(lang if lang in BABEL_LOCALES else settings.LANGUAGE_CODE))


# --- Zones of a country and of its region (issue 10) -------------------------------------


def country_zones(code: str) -> tuple[str, ...]:
    """The country's American zones (from CLDR), in the portal's list."""
    zones = set(_zones())
    return tuple(z for z in get_global("territory_zones").get(str(code).upper(), []) if z in zones)


def default_zone_for_country(code: str) -> str | None:
    """A person's default zone from their country: its zone when it has one; None when it has
    several (Mexico, Brazil, Chile…): then the person is asked to choose."""
    zones = country_zones(code)
    return zones[0] if len(zones) == 1 else None


def zone_country(zone: str) -> str:
    zone = get_global("zone_aliases").get(zone, zone)
    return get_global("zone_territories").get(zone, "")


def regional_time_zone_choices(country_code: str = "") -> list:
    """Time-zone choices with the country's zones first, then those of its subregion, then the
    rest (the whole list has ~150 entries), as option groups labelled in the active language."""
    from django.utils.translation import gettext as _

    from .models import Country

    choices = time_zone_choices()
    country = Country.objects.filter(code=str(country_code).upper()).first()
    if country is None:
        return choices
    own = set(country_zones(country.code))
    region_codes = set(
        Country.objects.filter(subregion=country.subregion).values_list("code", flat=True)
    )
    region = {z for code in region_codes for z in country_zones(code)} - own
    first = [c for c in choices if c[0] in own]
    near = [c for c in choices if c[0] in region]
    rest = [c for c in choices if c[0] not in own and c[0] not in region]
    groups = [
        (country.name, first),
        (country.get_subregion_display(), near),
        (_("Other time zones"), rest),
    ]
    return [(label, items) for label, items in groups if items]
