"""A PDF rendered by a real Celery worker process after commit (issue 4)."""

import io

import pytest
from django.db import transaction
from pypdf import PdfReader

from mecanismo.documents.models import Document
from mecanismo.documents.services import document_request
from tests.documents.builders import MULTILINGUAL

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_renders_a_multilingual_pdf_once(start_worker, broker_eager_off, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the worker's MEDIA_ROOT (see worker_env)
    worker = start_worker()
    with transaction.atomic():
        doc = document_request(
            key="integration:pdf:1",
            builder="tests.documents.builders.multilingual",
            params={"title": "Acta — reunião — réunion"},
            filename="acta.pdf",
            public=True,
            language="pt",
        )
    wait_for(
        lambda: Document.objects.get(pk=doc.pk).status in {"ready", "failed"},
        60,
        message=worker.log_text(),
    )
    doc.refresh_from_db()
    assert doc.status == "ready", doc.error
    files = list((tmp_path / "media" / "documents" / str(doc.pk)).iterdir())
    assert [f.name for f in files] == ["acta.pdf"]
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(files[0].read_bytes())).pages
        ).split()
    )
    assert "Acta — reunião — réunion" in text
    for sentence in MULTILINGUAL.values():
        assert sentence in text
