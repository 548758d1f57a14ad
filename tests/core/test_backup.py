"""`make backup` / `make restore` (issue 11): a dump of the test database and its media files is
restored into an empty database, which then holds the same members, meetings, documents and audit
log, and the media files come back."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from mecanismo.core.services import audit_record
from mesas.models import AgendaDocument, AgendaItem
from tests.mesas import factories as f

ROOT = Path(settings.BASE_DIR)
TABLES = [
    ("membership_member", "id, name, kind, listed_in_directory"),
    ("mesas_meeting", "id, title, starts_at, is_public"),
    ("mesas_agendadocument", "id, title, file, size"),
    ("core_auditlog", "id, action, target_type, target_id"),
]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def _rows(url: str) -> dict[str, list]:
    with psycopg.connect(url) as conn:
        return {
            table: conn.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()  # noqa: S608
            for table, cols in TABLES
        }


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_the_same_rows(
    reference_data, tmp_path, settings
):
    media = tmp_path / "media"
    # The settings fixture sends setting_changed, so the default storage (already built by
    # earlier tests) is rebuilt on this MEDIA_ROOT instead of keeping its old location.
    settings.MEDIA_ROOT = media
    coordinator = f.coordinator(1)
    member, _user = f.member_in_mesa(1, name="Red de Respaldo")
    meeting = f.meeting("mr1", days=3, title="Reunión respaldada")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punto")
    doc = AgendaDocument(item=item, title="Nota", kind="pdf", size=5, uploaded_by=coordinator)
    doc.file.save("nota.pdf", ContentFile(b"%PDF-"), save=False)
    doc.save()
    audit_record(actor=coordinator, action="meeting.document_attach", target=doc, kind="pdf")
    source = _url(connection.settings_dict["NAME"])
    env = {
        **os.environ,
        "DATABASE_URL": source,
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    made = subprocess.run(
        ["sh", "bin/backup"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    backup = made.stdout.strip().splitlines()[-1]
    assert (Path(backup) / "db.dump").stat().st_size > 0

    empty = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        restored_media = tmp_path / "restored-media"
        subprocess.run(
            ["sh", "bin/restore"],
            cwd=ROOT,
            env={
                **env,
                "DATABASE_URL": _url(empty),
                "MEDIA_ROOT": str(restored_media),
                "BACKUP": backup,
            },
            check=True,
            capture_output=True,
        )
        before, after = _rows(source), _rows(_url(empty))
        assert after == before
        assert any(row[1] == "Red de Respaldo" for row in after["membership_member"])
        assert after["core_auditlog"] and after["mesas_agendadocument"]
        assert (restored_media / doc.file.name).read_bytes() == b"%PDF-"
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
    assert member.pk in [row[0] for row in before["membership_member"]]
