"""The production start (issue 11): Docker cannot run here, so the image's layout is rebuilt by
hand — a copy of the tree where the build steps ran (catalogues compiled, static files collected),
made read-only — and `bin/start-web` runs on it as `nobody` (via setpriv when we are root): it
must migrate, serve /healthz and pages with the collected static files, and write nothing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "media", "staticfiles", "var", "__pycache__", "*.sqlite3", "node_modules"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str, port: int) -> dict:
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": "/nonexistent",
        "DEBUG": "0",
        "SECRET_KEY": "start-test-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _as_nobody(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command  # already unprivileged
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@pytest.mark.django_db(transaction=True)
def test_the_web_start_command_runs_unprivileged_on_a_read_only_tree(tmp_path):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to run the start check as nobody")
    app = tmp_path / "app"
    shutil.copytree(ROOT, app, ignore=IGNORE, symlinks=True)
    database_url = _database_url()
    port = _free_port()
    env = _env(database_url, port)
    python = sys.executable
    # The image build: as the builder (root in Docker), then the tree is made read-only.
    for step in (["compile_catalogues"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *step], cwd=app, env=env, check=True, timeout=300)
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(app)], check=True)
    tmp_path.chmod(0o755)
    try:
        server = subprocess.Popen(
            _as_nobody(["sh", "bin/start-web"]),
            cwd=app,
            env={**env, "PATH": env["PATH"]},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            body = _wait_for(f"http://127.0.0.1:{port}/healthz", server)
            assert b'"db": "ok"' in body or b'"db":"ok"' in body, body
            home = urllib.request.urlopen(f"http://127.0.0.1:{port}/es/", timeout=10)
            assert home.status == 200
            page = home.read().decode()
            static = page.split('href="/static/', 1)[1].split('"', 1)[0]
            css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{static}", timeout=10)
            assert css.status == 200
        finally:
            server.terminate()
            output = server.communicate(timeout=30)[0].decode(errors="replace")
        assert "Traceback" not in output, output[-3000:]
        assert not list(app.rglob("__pycache__")), "the start wrote into the tree"
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(app)], check=False)


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(url: str, server: subprocess.Popen) -> bytes:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read().decode(errors="replace")
            pytest.fail(f"bin/start-web exited with {server.returncode}:\n{output[-3000:]}")
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            time.sleep(0.5)
    pytest.fail("the web server did not answer /healthz within 120 s")
