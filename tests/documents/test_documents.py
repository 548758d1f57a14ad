import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from mecanismo.documents.models import Document
from mecanismo.documents.renderer import static_file_for
from mecanismo.documents.services import document_render, document_request
from tests.documents.builders import MULTILINGUAL
from tests.factories import UserFactory

BUILDER = "tests.documents.builders.multilingual"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def request_doc(django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("key", "test:1")
    kwargs.setdefault("builder", BUILDER)
    kwargs.setdefault("params", {})
    kwargs.setdefault("filename", "acta-prueba.pdf")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        doc = document_request(**kwargs)
    return doc, callbacks


def pdf_text(doc: Document) -> str:
    doc.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(doc.file.read()))
    finally:
        doc.file.close()
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_pdf_with_spanish_portuguese_and_french_text_contains_it(
    django_capture_on_commit_callbacks,
):
    doc, callbacks = request_doc(django_capture_on_commit_callbacks, public=True)
    assert len(callbacks) == 1  # rendering is handed to Celery only after commit
    doc.refresh_from_db()
    assert doc.status == Document.Status.READY, doc.error
    assert doc.is_ready
    text = " ".join(pdf_text(doc).split())
    for sentence in MULTILINGUAL.values():
        assert sentence in text
    for char in "ñçãéô":
        assert char in text


@pytest.mark.django_db
def test_rendering_is_not_done_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        doc = document_request(key="k:late", builder=BUILDER, params={}, filename="x.pdf")
    doc.refresh_from_db()
    assert doc.status == Document.Status.PENDING
    assert not doc.file


@pytest.mark.django_db
def test_requesting_an_existing_key_returns_the_same_document(django_capture_on_commit_callbacks):
    first, _ = request_doc(django_capture_on_commit_callbacks)
    second, callbacks = request_doc(django_capture_on_commit_callbacks)
    assert second.pk == first.pk
    assert len(callbacks) == 0
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_rendering_twice_leaves_one_file(django_capture_on_commit_callbacks, settings):
    doc, _ = request_doc(django_capture_on_commit_callbacks)
    doc.refresh_from_db()
    first_name = doc.file.name
    Document.objects.filter(pk=doc.pk).update(status=Document.Status.PENDING)
    assert document_render(document_id=doc.pk) == "ready"
    doc.refresh_from_db()
    assert doc.file.name == first_name
    folder = Path(settings.MEDIA_ROOT) / "documents" / str(doc.pk)
    assert [p.name for p in folder.iterdir()] == ["acta-prueba.pdf"]
    assert default_storage.exists(doc.file.name)


@pytest.mark.django_db
def test_a_task_delivered_twice_renders_once(django_capture_on_commit_callbacks):
    doc, _ = request_doc(django_capture_on_commit_callbacks)
    assert document_render(document_id=doc.pk) == "skipped"
    doc.refresh_from_db()
    assert doc.attempts == 1


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.django_db
def test_markdown_image_pointing_at_an_internal_address_is_not_fetched(
    django_capture_on_commit_callbacks,
):
    server = HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        markdown = (
            f"![secret](http://127.0.0.1:{port}/internal/secret.png)\n\n"
            f"![file](file:///etc/passwd)\n\n"
            f"![static](http://127.0.0.1:{port}/static/../../etc/passwd)"
        )
        doc, _ = request_doc(django_capture_on_commit_callbacks, params={"markdown": markdown})
        doc.refresh_from_db()
        assert doc.status == Document.Status.READY, doc.error
        assert _CountingHandler.hits == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_fetcher_serves_only_static_files():
    assert static_file_for("https://static.invalid/static/documents/pdf.css") is not None
    assert static_file_for("http://127.0.0.1:9/static/documents/pdf.css") is not None
    assert static_file_for("http://127.0.0.1:9/media/x.pdf") is None
    assert static_file_for("https://static.invalid/static/../../etc/passwd") is None
    assert static_file_for("file:///etc/passwd") is None


@pytest.mark.django_db
def test_a_failing_builder_ends_failed_with_its_error(django_capture_on_commit_callbacks):
    doc, _ = request_doc(
        django_capture_on_commit_callbacks, builder="tests.documents.builders.failing"
    )
    doc.refresh_from_db()
    # Eager mode retries at once up to the bound, then records the failure.
    assert doc.status == Document.Status.FAILED
    assert "this builder always fails" in doc.error
    assert not doc.is_ready


@pytest.mark.django_db
def test_download_is_404_until_ready_and_serves_the_pdf_after(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        doc = document_request(
            key="k:dl", builder=BUILDER, params={}, filename="informe.pdf", public=True
        )
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert document_render(document_id=doc.pk) == "ready"
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_private_document_needs_login_and_permission(client, django_capture_on_commit_callbacks):
    allowed = UserFactory()
    other = UserFactory()
    doc, _ = request_doc(
        django_capture_on_commit_callbacks,
        params={"allowed_email": allowed.email},
        access="tests.documents.builders.allow_named_user",
    )
    url = doc.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(other)
    assert client.get(url).status_code == 403
    client.force_login(allowed)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_bad_ids_are_404(client):
    assert client.get("/es/documents/999999/x.pdf").status_code == 404


def test_unknown_builder_is_refused_in_the_request():
    with pytest.raises(ImportError):
        document_request(key="k:bad", builder="nowhere.builder", params={}, filename="x.pdf")
