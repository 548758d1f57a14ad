"""Documents are addressed by a random token instead of their sequential id (issue 11)."""

import secrets

from django.db import migrations, models

import mecanismo.documents.models


def fill_tokens(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.filter(token__isnull=True).only("pk"):
        document.token = secrets.token_urlsafe(32)
        document.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_key_label_of_the_job_pipeline")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="document",
            name="token",
            field=models.CharField(
                default=mecanismo.documents.models.new_document_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="address token",
            ),
        ),
    ]
