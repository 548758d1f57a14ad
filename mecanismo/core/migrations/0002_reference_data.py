"""Loads the reference data (§4, §3, GT-SC agencies, the first privacy notice).

The JSON files in mecanismo/core/data/ are the project's own copy of ../shared/data: the portal
never reads ../shared at run time. After this migration the data is edited in the admin.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
LANGS = ["es", "en", "pt", "fr"]


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _per_lang(prefix, values):
    return {f"{prefix}_{lang}": values[lang] for lang in LANGS}


def load(apps, schema_editor):
    Country = apps.get_model("core", "Country")
    Mesa = apps.get_model("core", "Mesa")
    Objective = apps.get_model("core", "Objective")
    Agency = apps.get_model("core", "Agency")
    ActorType = apps.get_model("core", "ActorType")
    PrivacyNotice = apps.get_model("core", "PrivacyNotice")

    ref = _load("reference.json")
    for row in _load("lac_countries.json"):
        Country.objects.update_or_create(
            code=row["iso2"],
            defaults={
                **_per_lang("name", row["name"]),
                "subregion": row["subregion"],
                "is_territory": row["territory"],
                "administered_by": row.get("administered_by", ""),
            },
        )
    outside = ref["outside_region"]
    Country.objects.update_or_create(
        code=outside["code"], defaults={**_per_lang("name", outside["name"]), "subregion": "outside"}
    )

    objectives = {row["number"]: row for row in _load("gcm_objectives.json")}
    for m in ref["mesas"]:
        mesa, _ = Mesa.objects.update_or_create(
            number=m["number"],
            defaults={
                "slug": f"mr{m['number']}",
                **_per_lang("name", m["name"]),
                **_per_lang("description", m["description"]),
            },
        )
        for number in m["objectives"]:
            row = objectives[number]
            Objective.objects.update_or_create(
                number=number,
                defaults={**_per_lang("title", row["title"]), "verified": row["verified"], "mesa": mesa},
            )
    for a in ref["agencies"]:
        Agency.objects.update_or_create(
            code=a["code"], defaults={**_per_lang("acronym", a["acronym"]), **_per_lang("name", a["name"])}
        )
    for sort, t in enumerate(ref["actor_types"], start=1):
        ActorType.objects.update_or_create(
            code=t["code"],
            defaults={
                **_per_lang("name", t["name"]),
                "migrant_led": t["migrant_led"],
                "for_individuals": t["for_individuals"],
                "sort": sort,
            },
        )
    PrivacyNotice.objects.get_or_create(version=1, defaults=_per_lang("text", _load("privacy_v1.json")))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
