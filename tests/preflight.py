"""Fail fast, with instructions, when a service the suite needs is missing (never skip silently).

Run by `make test` before pytest, and by tests/conftest.py when pytest is started directly.
"""

import os
import shutil
import sys
from urllib.parse import urlparse

PG_HELP = (
    "PostgreSQL is not reachable at {url}.\n"
    "Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
    "or point DATABASE_URL at a running server (postgres://user@host:port/dbname)."
)
REDIS_HELP = (
    "Redis is not reachable at {url}.\n"
    "Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' "
    "--appendonly no\nor point REDIS_URL at a running server."
)
CHROMIUM_HELP = (
    "Chromium is not installed (the browser tests drive Debian's chromium with Playwright).\n"
    "Install it with: apt-get install -y chromium   (`make test` does this for you)."
)


def check_postgres(url: str) -> str | None:
    import psycopg

    parts = urlparse(url)
    dbname = parts.path.lstrip("/") or "postgres"
    try:
        conn = psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        )
    except psycopg.OperationalError as exc:
        return PG_HELP.format(url=url) + f"\n({exc})"
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    return None


def check_redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return REDIS_HELP.format(url=url) + f"\n({exc})"
    return None


def check_chromium() -> str | None:
    return None if shutil.which("chromium") else CHROMIUM_HELP


def problems(browser: bool = True) -> list[str]:
    db_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mecanismo")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    found = []
    if not db_url.startswith("postgres"):
        found.append(f"The test suite runs on PostgreSQL; DATABASE_URL is {db_url!r}.")
    else:
        found.append(check_postgres(db_url))
    found.append(check_redis(redis_url))
    if browser:
        found.append(check_chromium())
    return [p for p in found if p]


def main() -> int:
    found = problems(browser="--no-browser" not in sys.argv)
    for message in found:
        print(f"\nPREFLIGHT FAILED: {message}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
