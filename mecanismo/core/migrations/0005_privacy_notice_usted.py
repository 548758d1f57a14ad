"""The Spanish privacy notice in the portal's register, "usted" (issue 10). Only the form of
address changes, not what the notice says, so version 1 is corrected in place instead of
publishing a version 2 that would ask everyone to accept it again."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def usted(apps, schema_editor):
    PrivacyNotice = apps.get_model("core", "PrivacyNotice")
    text = json.loads((DATA / "privacy_v1.json").read_text(encoding="utf-8"))["es"]
    PrivacyNotice.objects.filter(version=1, text_es__startswith="Quién trata tus datos").update(
        text_es=text
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_actortype_for_organisations")]
    operations = [migrations.RunPython(usted, migrations.RunPython.noop)]
