"""Fill the stored subregion of existing members and, on PostgreSQL, add a trigram index so the
directory's accent-insensitive name search (a LIKE on the normalised name) stays fast at 100,000
members (§10). SQLite (make run) needs neither the extension nor the index."""

from django.db import migrations


def fill_subregion(apps, schema_editor):
    Member = apps.get_model("membership", "Member")
    for member in Member.objects.select_related("country").filter(subregion=""):
        member.subregion = member.country.subregion
        member.save(update_fields=["subregion"])


def trigram_forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_name_trgm ON membership_member "
        "USING gin (name_normalised gin_trgm_ops)"
    )


def trigram_backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS member_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("membership", "0002_registration_draft_subregion")]

    operations = [
        migrations.RunPython(fill_subregion, migrations.RunPython.noop),
        migrations.RunPython(trigram_forward, trigram_backward),
    ]
