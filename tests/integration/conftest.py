"""Real processes for the integration tests: Celery workers (and an own redis-server) against the
test database pytest-django created. Every process is killed in teardown."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from mecanismo.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] or "postgres"
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s: {message}")


def delivered(mail_dir: Path, key: str) -> int:
    """How many messages with this outbox key the file e-mail backend wrote."""
    if not mail_dir.exists():
        return 0
    needle = f"X-Outbox-Key: {key}\n"
    return sum(p.read_text(errors="replace").count(needle) for p in mail_dir.iterdir())


class Worker:
    def __init__(
        self, env: dict, log: Path, beat: bool, tmp: Path, args: tuple = (), loglevel="INFO"
    ):
        self.name = f"bgtest-{uuid.uuid4().hex[:8]}@localhost"
        self.loglevel = loglevel
        cmd = [
            CELERY, "-A", "mecanismo", "worker", f"--loglevel={loglevel}", "--concurrency=1",
            "-n", self.name, "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        cmd += list(args)
        if beat:
            cmd += ["-B", "-s", str(tmp / f"beat-{uuid.uuid4().hex[:6]}")]
        self.log = log
        self._log_fh = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log_fh, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def wait_ready(self, timeout: float = 40):
        """Ready when its log says so (works with any broker, even one the test process does not
        use); the process must not have died meanwhile."""

        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited:\n{self.log_text()}")
            if self.loglevel != "INFO":  # quiet worker: ask it through the broker
                return celery_app.control.ping(destination=[self.name], timeout=0.5)
            return " ready." in self.log.read_text(errors="replace")

        wait_for(ready, timeout, 0.25, f"worker not ready:\n{self.log_text()}")

    def kill(self):
        """kill -9 the worker and its pool children (its own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(10)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
            if self.process.poll() is None:
                self.kill()
        else:
            # The group may still hold pool children.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log_fh.close()


def _purge_queue(url: str) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def broker_eager_off():
    """The test process hands tasks to the real broker (not in-process) like the web server."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def worker_env(transactional_db, mail_dir, tmp_path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "tests.outbox.backends.SlowFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DB_CONN_MAX_AGE": "0",
        "PYTHONPATH": str(ROOT),
    }
    return env


@pytest.fixture
def start_worker(worker_env, tmp_path):
    """start_worker(beat=False, **env) → a ready Worker; all are stopped in teardown."""
    workers: list[Worker] = []

    def start(
        beat: bool = False, ready: bool = True, args: tuple = (), loglevel="INFO", **extra_env
    ) -> Worker:
        env = {**worker_env, **{k: str(v) for k, v in extra_env.items()}}
        if not workers:
            _purge_queue(env["REDIS_URL"])
        log = tmp_path / f"worker-{len(workers)}.log"
        worker = Worker(env, log, beat, tmp_path, args, loglevel)
        workers.append(worker)
        if ready:
            worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def private_redis(tmp_path):
    """An own redis-server on a free port, which the test may stop and start again (the
    machine's shared Redis is never touched)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install -y redis-server)")

    class PrivateRedis:
        def __init__(self):
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
            self.process = None

        def start(self):
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

            def up():
                try:
                    return client.ping()
                except redis.RedisError:
                    return False

            wait_for(up, 10, 0.1, "private redis-server did not start")

        def stop(self):
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
            self.process = None

    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_server(tmp_path):
    """An S3-compatible object store on 127.0.0.1 (moto in server mode, a process of its own),
    with one empty bucket; the S3 environment of `mecanismo.media_storage` pointing at it. It
    stands in for the production object store as Django's file e-mail backend stands in for SMTP.
    """
    import boto3

    binary = Path(sys.executable).with_name("moto_server")
    if not binary.exists():
        pytest.fail("moto_server is missing: pip install -c constraints.txt 'moto[server]'")
    port = free_port()
    log = tmp_path / "moto.log"
    with open(log, "ab") as log_fh:
        process = subprocess.Popen(
            [str(binary), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log_fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    env = {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": f"mecanismo-{uuid.uuid4().hex[:8]}",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "integration-test",
        "S3_SECRET_ACCESS_KEY": "integration-test-secret",
        "S3_ADDRESSING_STYLE": "path",
    }
    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        region_name=env["S3_REGION"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
    )

    def up():
        if process.poll() is not None:
            raise AssertionError(f"moto_server exited:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    try:
        wait_for(up, 30, 0.2, "moto_server did not start")
        client.create_bucket(Bucket=env["S3_BUCKET"])
        yield {"env": env, "client": client, "bucket": env["S3_BUCKET"]}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
