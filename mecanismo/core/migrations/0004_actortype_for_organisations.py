"""Actor types offered to organisations too (issue 10, §3): a university centre or a community
radio registers as an organisation of type academia or media. Only "migrant person" stays for
individuals alone (reference.json says so with "for_organisations": false)."""

import json
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"


def fill(apps, schema_editor):
    ActorType = apps.get_model("core", "ActorType")
    ref = json.loads((DATA / "reference.json").read_text(encoding="utf-8"))
    for t in ref["actor_types"]:
        ActorType.objects.filter(code=t["code"]).update(
            for_organisations=t.get("for_organisations", True)
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_role_constraints_portable")]
    operations = [
        migrations.AddField(
            model_name="actortype",
            name="for_organisations",
            field=models.BooleanField(
                default=True, help_text="Offered to organisations.", verbose_name="for organisations"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
