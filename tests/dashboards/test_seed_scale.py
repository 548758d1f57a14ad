"""`manage.py seed_scale` (issue 15, §10): the scale population at a tiny fraction (seconds),
built twice to show the second run adds nothing, and refused without DEBUG and on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dashboards.models import MembershipEvent, QuarterStat
from mecanismo.core.models import User
from membership.models import ContactPerson, DisclosureRelease, Member, MesaMembership
from mesas.models import Input, Invitation, Meeting

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    Member,
    User,
    ContactPerson,
    MesaMembership,
    Meeting,
    Invitation,
    Input,
    MembershipEvent,
    QuarterStat,
    DisclosureRelease,
)


def _counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def test_builds_the_scaled_population_and_a_second_run_adds_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("seed_scale", scale=0.002)
    first = _counts()
    # 0.002 of §10: 200 members, 300 users (+ the bench accounts), 2,000 invitations, 100 inputs,
    # and the floor of 800 meetings; the history the dashboards read is there too.
    assert Member.objects.filter(website__startswith="https://scale.example.org").count() == 200
    assert User.objects.filter(email__regex=r"^scale-\d").count() == 300
    assert Meeting.objects.filter(video_link__startswith="https://scale.example.org").count() == 800
    scale_people = Invitation.objects.filter(user__email__regex=r"^scale-\d")
    assert scale_people.filter(meeting__video_link__contains="scale.example").count() == 2000
    assert Input.objects.filter(text__startswith="Datos de escala").count() == 100
    assert Invitation.objects.filter(attendance="present").exists()
    assert first["MembershipEvent"] >= 200 and first["QuarterStat"] > 5
    assert first["DisclosureRelease"] > 0
    assert User.objects.filter(email="scale-staff@example.org", roles__role="gtsc_staff").exists()

    call_command("seed_scale", scale=0.002)
    assert _counts() == first
    assert "added 0 members, 0 meetings, 0 inputs" in capsys.readouterr().out


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused when DEBUG is off"):
        call_command("seed_scale", scale=0.001)
    assert not Member.objects.filter(website__startswith="https://scale.example.org").exists()


def test_refused_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "mecanismo.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "seed_scale", "--scale", "0.001"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "seed_scale needs PostgreSQL" in done.stderr


def test_scale_outside_zero_to_one_is_refused(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--scale must be"):
        call_command("seed_scale", scale=2)
