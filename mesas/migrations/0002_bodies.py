"""Creates the seven bodies that meet (§6): the four mesas, the linking table, the dialogues with
governments and other actors, and the indicators commission. `load` is idempotent and is also
called by tests that flush the database and by the demo data."""

from django.db import migrations

FIXED = [
    (
        "linking-table",
        "linking_table",
        "quarterly",
        10,
        {
            "es": "Mesa de vinculación",
            "en": "Linking table",
            "pt": "Mesa de vinculação",
            "fr": "Table de liaison",
        },
    ),
    (
        "dialogues",
        "dialogue",
        "semester",
        20,
        {
            "es": "Diálogos con gobiernos y otros actores",
            "en": "Dialogues with governments and other actors",
            "pt": "Diálogos com governos e outros atores",
            "fr": "Dialogues avec les gouvernements et d'autres acteurs",
        },
    ),
    (
        "indicators",
        "indicators",
        "as_decided",
        30,
        {
            "es": "Comisión de indicadores",
            "en": "Indicators commission",
            "pt": "Comissão de indicadores",
            "fr": "Commission des indicateurs",
        },
    ),
]
LANGS = ["es", "en", "pt", "fr"]


def load(apps, schema_editor=None):
    Body = apps.get_model("mesas", "Body")
    Mesa = apps.get_model("core", "Mesa")
    for mesa in Mesa.objects.order_by("number"):
        names = {
            f"name_{lang}": f"MR {mesa.number} — {getattr(mesa, f'name_{lang}')}"[:200]
            for lang in LANGS
        }
        Body.objects.update_or_create(
            slug=f"mr{mesa.number}",
            defaults={"kind": "mesa", "mesa": mesa, "cadence": "quarterly", "sort": mesa.number,
                      **names},
        )
    for slug, kind, cadence, sort, names in FIXED:
        Body.objects.update_or_create(
            slug=slug,
            defaults={"kind": kind, "cadence": cadence, "sort": sort,
                      **{f"name_{lang}": names[lang] for lang in LANGS}},
        )


class Migration(migrations.Migration):
    dependencies = [("mesas", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
