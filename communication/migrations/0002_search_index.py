"""Full-text search of the discussions (PostgreSQL): the `unaccent` extension and a GIN index on
the posts' search vectors. SQLite (`make run`) has neither and searches with a plain match."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS post_search ON communication_post USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS post_search")


class Migration(migrations.Migration):
    dependencies = [("communication", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
