"""The ten seats (reference data) and, on PostgreSQL, the rule 'one mandate per seat on any
day' as an exclusion constraint over the mandate's date range (btree_gist lets the seat's id
take part with `=`). SQLite (make run) keeps the portable constraints of the model only."""

from django.db import migrations

EXCLUSION = (
    "ALTER TABLE vinculacion_mandate ADD CONSTRAINT mandate_one_per_seat_any_day "
    "EXCLUDE USING gist (seat_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&)"
)


def load(apps, schema_editor=None):
    """Create the ten seats if missing (idempotent; the e2e fixtures call it after a flush)."""
    Mesa = apps.get_model("core", "Mesa")
    Seat = apps.get_model("vinculacion", "Seat")
    sort = 0
    for mesa in Mesa.objects.order_by("number"):
        for number in (1, 2):
            sort += 1
            Seat.objects.get_or_create(
                code=f"mr{mesa.number}-{number}",
                defaults={"kind": "mesa", "mesa": mesa, "number": number, "sort": sort},
            )
    for number in (1, 2):
        sort += 1
        Seat.objects.get_or_create(
            code=f"agency-{number}", defaults={"kind": "agency", "number": number, "sort": sort}
        )


def exclusion_forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(EXCLUSION)


def exclusion_backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE vinculacion_mandate DROP CONSTRAINT IF EXISTS mandate_one_per_seat_any_day"
    )


class Migration(migrations.Migration):
    dependencies = [("vinculacion", "0001_initial"), ("core", "0002_reference_data")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(exclusion_forward, exclusion_backward),
    ]
