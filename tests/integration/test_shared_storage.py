"""Beyond one machine (issue 15): web and worker share no disk, only an S3-compatible bucket.

The worker runs as its own process with MEDIA_ROOT in one folder, the web (this test process and
its Django test client) with MEDIA_ROOT in another; both have MEDIA_STORAGE=s3 pointing at a moto
server on 127.0.0.1. A minutes PDF rendered by the real worker is downloaded through the web,
with its access rules, and no file lands in either local folder.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from mecanismo.documents.models import Document
from mecanismo.media_storage import default_storage_config
from mesas import services
from mesas.demo import DEMO_PDF
from mesas.models import AgendaItem
from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _approved_minutes_pdf(coord, meeting, text) -> Document:
    services.minutes_save(actor=coord, meeting=meeting, text=text)
    services.minutes_circulate(actor=coord, meeting=meeting)
    version = services.minutes_approve(actor=coord, meeting=meeting)  # PDF requested, on commit
    version.refresh_from_db()
    return version.document


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_pdf_rendered_by_the_worker_is_served_by_the_web_from_the_bucket(
    reference_data, s3_server, start_worker, broker_eager_off, settings, tmp_path, client
):
    web_media, worker_media = tmp_path / "web-media", tmp_path / "worker-media"
    web_media.mkdir()
    worker_media.mkdir()
    # The web: the same S3 settings as the worker, its own local folder.
    settings.MEDIA_ROOT = web_media
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_config(s3_server["env"])}
    worker = start_worker(MEDIA_ROOT=worker_media, **s3_server["env"])

    coord = f.coordinator(1)
    member, invitee = f.member_in_mesa(1, name="Colectivo Frontera")
    private = f.meeting(days=-2, is_public=False, title="Reunión interna")
    f.invite(private, invitee, member, attendance="present")
    public = f.meeting(days=-1, is_public=True, title="Reunión abierta")
    private_doc = _approved_minutes_pdf(coord, private, "Acuerdo interno sobre rutas seguras.")
    public_doc = _approved_minutes_pdf(coord, public, "Acuerdo público sobre rutas seguras.")

    def rendered():
        docs = Document.objects.filter(pk__in=[private_doc.pk, public_doc.pk])
        return all(d.status in {"ready", "failed"} for d in docs)

    wait_for(rendered, 90, 0.25, worker.log_text())
    for doc in (private_doc, public_doc):
        doc.refresh_from_db()
        assert doc.status == "ready", doc.error

    # The files are objects of the bucket, in neither machine's folder.
    keys = sorted(
        o["Key"]
        for o in s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"])["Contents"]
    )
    assert keys == sorted([private_doc.file.name, public_doc.file.name])
    assert private_doc.file.name == f"documents/{private_doc.pk}/{private_doc.filename}"
    assert _files(worker_media) == [] and _files(web_media) == []

    # A visitor reads the public meeting's PDF, which the web fetched from the bucket.
    response = client.get(public_doc.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(_body(response))).pages)
    assert "Acuerdo público sobre rutas seguras." in " ".join(text.split())

    # The private meeting's PDF: refused to a visitor and to a stranger, served to the invitee.
    url = private_doc.get_absolute_url()
    refused = client.get(url)
    assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(invitee)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(_body(response))).pages)
    assert "Acuerdo interno sobre rutas seguras." in " ".join(text.split())

    # An upload through the web goes to the bucket too (another web replica reads it there).
    item = AgendaItem.objects.create(meeting=private, position=1, title="Rutas")
    upload = SimpleUploadedFile("nota.pdf", DEMO_PDF, content_type="application/pdf")
    doc = services.agenda_document_attach(actor=coord, item=item, title="Nota", upload=upload)
    assert _files(web_media) == []
    assert s3_server["client"].head_object(Bucket=s3_server["bucket"], Key=doc.file.name)
    response = client.get(reverse("mesas:document_download", args=[doc.pk]))
    assert response.status_code == 200 and _body(response) == DEMO_PDF

    # A file the store lost is a 404, not a 500.
    s3_server["client"].delete_object(Bucket=s3_server["bucket"], Key=private_doc.file.name)
    assert client.get(url).status_code == 404
