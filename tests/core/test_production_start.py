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


def _unprivileged_bin(tmp_path: Path) -> tuple[str, dict]:
    """A PATH entry with `python` and `gunicorn` (the virtualenv's)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    python, extra = sys.executable, {}
    (folder / "python").write_text(f'#!/bin/sh\nexec {python} "$@"\n')
    (folder / "gunicorn").write_text(f'#!/bin/sh\nexec {python} -m gunicorn "$@"\n')
    for script in folder.iterdir():
        script.chmod(0o755)
    return str(folder), extra


def _env(database_url: str, port: int, bin_dir: str) -> dict:
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


# Our interpreter may live where `nobody` cannot enter (a pyenv build under /root): then the start
# runs with uid 0 but every capability dropped, so file permissions bind it like any user (the
# read-only tree cannot be written) — the image itself runs as `nobody`.
INTERPRETER_HIDDEN = os.geteuid() == 0 and os.path.realpath(sys.executable).startswith("/root/")


def _as_nobody(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command  # already unprivileged
    if INTERPRETER_HIDDEN:
        drop = ["--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", "--no-new-privs"]
        return ["setpriv", *drop, *command]
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@pytest.mark.django_db(transaction=True)
def test_the_web_start_command_runs_unprivileged_on_a_read_only_tree(tmp_path):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.fail("setpriv (util-linux) is needed to run the start check as nobody")
    app = tmp_path / "app"
    shutil.copytree(ROOT, app, ignore=IGNORE, symlinks=True)
    database_url = _database_url()
    port = _free_port()
    bin_dir, extra = _unprivileged_bin(tmp_path)
    env = {**_env(database_url, port, bin_dir), **extra}
    python = sys.executable
    # The image build: as the builder (root in Docker), then the tree is made read-only.
    for step in (["compile_catalogues"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *step], cwd=app, env=env, check=True, timeout=300)
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(app)], check=True)
    for folder in (tmp_path, *tmp_path.parents):
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o711)  # `nobody` may enter the folders above
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


def test_runserver_never_keeps_persistent_connections():
    """DB_CONN_MAX_AGE=60 with runserver exhausted PostgreSQL's connections (one per request
    thread); gunicorn keeps them."""
    code = (
        "import os, sys; sys.argv = ['manage.py', '{cmd}'];"
        "os.environ['DB_CONN_MAX_AGE'] = '60';"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mecanismo.settings_test');"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    ages = {}
    for cmd in ("runserver", "migrate"):
        out = subprocess.run(
            [sys.executable, "-c", code.format(cmd=cmd)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        ages[cmd] = out.stdout.strip()
    assert ages == {"runserver": "0", "migrate": "60"}
