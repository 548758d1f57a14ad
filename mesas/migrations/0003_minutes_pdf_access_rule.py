"""Every minutes PDF asks the meeting who may read it at each download (issue 11, finding 7):
PDFs requested while their meeting was public had no access rule and stayed public."""

from django.db import migrations

RULE = "mesas.permissions.can_download_minutes_pdf"


def add_rule(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(builder="mesas.documents.minutes_pdf", access="").update(access=RULE)


class Migration(migrations.Migration):
    dependencies = [("mesas", "0002_bodies"), ("documents", "0003_document_token")]

    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
