"""One rule for absolute links (issue 10): e-mail bodies and footers, allauth's links, iCalendar
events and the minutes PDF all come from SITE_URL, whatever host the request came in on; and
`make run` sets SITE_URL from PORT."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client

from mesas import feeds
from mesas.documents import minutes_pdf
from mesas.models import MinutesVersion
from tests.factories import UserFactory
from tests.mesas import factories as f

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://portal.test:8101"
PASSWORD = "Un-buen-secreto-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ACCOUNT_RATE_LIMITS = False


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_password_reset_and_footer_links_use_site_url_not_the_request_host(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email=f"reset-{uuid.uuid4().hex[:8]}@example.org")
    client = Client(HTTP_HOST="localhost:9999")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/accounts/password/reset/", {"email": user.email})
    (sent,) = mail.outbox
    html = sent.alternatives[0][0] if sent.alternatives else ""
    links = _links(sent.body) + _links(html)
    assert any("/accounts/password/reset/key/" in u for u in links)
    assert any("/settings/notifications/" in u for u in links)
    assert links and all(u.startswith(SITE) for u in links), links


def test_sign_up_confirmation_link_uses_site_url(django_capture_on_commit_callbacks):
    client = Client(HTTP_HOST="localhost:9999")
    email = f"new-{uuid.uuid4().hex[:8]}@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/es/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    (sent,) = mail.outbox
    links = _links(sent.body)
    assert any("/accounts/confirm-email/" in u for u in links), sent.body
    assert all(u.startswith(SITE) for u in links), links


def test_icalendar_event_url_uses_site_url():
    meeting = f.meeting()
    cal = feeds.calendar_for([(meeting, None)], name="x", with_link=False)
    text = cal.to_ical().decode()
    assert f"URL:{SITE}/es/meetings/{meeting.pk}/" in text


def test_minutes_pdf_names_its_page_on_site_url(django_capture_on_commit_callbacks):
    from mesas import services

    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    services.minutes_save(actor=coord, meeting=meeting, text="Texto")
    services.minutes_circulate(actor=coord, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=False):
        version = services.minutes_approve(actor=coord, meeting=meeting)
    template, context = minutes_pdf({"minutes_version_id": version.pk})
    html = render_to_string(template, context)
    assert f"{SITE}/es/meetings/{meeting.pk}/" in html
    assert MinutesVersion.objects.filter(pk=version.pk).exists()


def test_site_url_follows_port_when_not_given():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="8101", DEBUG="1", DJANGO_SETTINGS_MODULE="mecanismo.settings")
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SITE_URL)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "http://127.0.0.1:8101"
    env["SITE_URL"] = "https://portal.example.org"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "https://portal.example.org"


def _make_run(tmp_path, *args, **env_extra) -> list[str]:
    """`make run` with a stand-in python that prints the SITE_URL it was given."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    python = venv / "bin" / "python"
    python.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL"\n')
    python.chmod(0o755)
    (venv / ".installed").touch()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    env.update(env_extra)
    out = subprocess.run(
        ["make", "-s", "run", f"VENV={venv}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line for line in out.stdout.splitlines() if line.startswith("SITE_URL=")]


def test_make_run_sets_site_url_from_port_unless_given(tmp_path):
    assert set(_make_run(tmp_path, "PORT=8101")) == {"SITE_URL=http://127.0.0.1:8101"}
    given = _make_run(tmp_path, "PORT=8101", SITE_URL="https://portal.example.org")
    assert set(given) == {"SITE_URL=https://portal.example.org"}
