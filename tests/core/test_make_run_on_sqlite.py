"""`make run` uses SQLite, eager Celery and console e-mail. The suite runs on PostgreSQL, so this
test replays what `make run` does (migrate, seed_demo twice, a few pages) in a subprocess on a
fresh SQLite file, to catch anything that only works on PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = """
from django.test import Client
c = Client()
for path in ["/es/", "/en/mesas/mr1/", "/fr/directory/?q=red", "/pt/calendar/"]:
    r = c.get(path)
    print(path, r.status_code)
    assert r.status_code == 200, (path, r.status_code)
assert c.login(email="member@demo.local", password="Mecanismo-demo-2026")
for path in ["/es/my-mesas/", "/es/my-data/"]:
    r = c.get(path)
    print(path, r.status_code)
    assert r.status_code == 200, (path, r.status_code)
"""


def _env(tmp_path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def _manage(tmp_path, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_make_run_setup_works_on_a_fresh_sqlite_database(tmp_path):
    _manage(tmp_path, "migrate", "--noinput")
    first = _manage(tmp_path, "seed_demo")
    assert "member@demo.local" in first and "Mecanismo-demo-2026" in first
    _manage(tmp_path, "seed_demo")  # idempotent: a second run must not fail
    out = _manage(tmp_path, "shell", "-c", PAGES)
    assert "/es/my-data/ 200" in out
