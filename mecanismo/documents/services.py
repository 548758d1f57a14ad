"""PDF documents: request one in the caller's transaction, render it once in Celery.

A job of the shared pipeline (`mecanismo.core.jobs`): `document_request` inserts a row with a
unique key (requesting an existing key returns the row) and hands its id to Celery after commit.
`document_render` claims the row (pending → rendering, with a lease), calls the builder,
renders with WeasyPrint and stores the file under documents/<id>/<filename>, replacing any
previous file: rendering twice leaves one file.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename

from mecanismo.core import jobs

from .models import Document, document_upload_to
from .renderer import html_to_pdf

logger = logging.getLogger(__name__)


def document_request(
    *,
    key: str,
    builder: str,
    params: dict,
    filename: str,
    public: bool = False,
    language: str = "es",
    access: str = "",
) -> Document:
    """Ask for a PDF. Call inside the transaction of the change that needs it; the worker renders
    it after commit. An existing key returns the existing document unchanged (to render a new
    version, use a new key, e.g. "minutes:17:v2"). `access` is an optional dotted path of a
    function (user, document) -> bool deciding who may download a private document."""
    import_string(builder)  # fail in the request, not in the worker, on a typo
    filename = get_valid_filename(filename) or "document.pdf"
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    document, _created = jobs.enqueue_once(
        Document,
        key=key,
        dispatch=document_dispatch,
        builder=builder,
        params=params,
        filename=filename,
        public=public,
        language=language,
        access=access,
    )
    return document


def document_dispatch(document_id: int, countdown: int | None = None) -> bool:
    from .tasks import document_render as task  # tasks import this module

    return jobs.dispatch(task, document_id, countdown=countdown)


def _claim(document_id: int) -> Document | None:
    lease = jobs.conf("DOCUMENTS_LEASE_SECONDS", 600)
    return jobs.claim(Document, document_id, lease_seconds=lease)


def document_build_html(document: Document) -> str:
    builder = import_string(document.builder)
    with translation.override(document.language):
        template_name, context = builder(dict(document.params or {}))
        return render_to_string(template_name, context)


def document_render(*, document_id: int) -> str:
    """Render one document ('skipped' when nothing to claim, 'ready', 'retry' or 'failed')."""
    document = _claim(document_id)
    if document is None:
        return "skipped"
    try:
        pdf = html_to_pdf(document_build_html(document))
        storage = document.file.storage
        name = document_upload_to(document, document.filename)
        previous = document.file.name if document.file else ""
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(pdf))
        if previous and previous != stored and storage.exists(previous):
            storage.delete(previous)
    except Exception as exc:  # noqa: BLE001 - recorded on the row
        logger.exception("documents: rendering %s failed", document.pk)
        give_up = document.attempts >= jobs.conf("DOCUMENTS_MAX_ATTEMPTS", 3)
        return jobs.release(
            document,
            retry_in=None if give_up else 60 * document.attempts,
            dispatch=document_dispatch,
            error=f"{type(exc).__name__}: {exc}"[:4000],
        )
    jobs.finish(document, file=stored, error="", rendered_at=timezone.now())
    return "ready"


def document_rerender(*, document: Document) -> None:
    """Render an existing document again (an admin after fixing a failure, or new data behind
    the same key). The new file replaces the old one."""
    jobs.requeue(Document, [document.pk], dispatch=document_dispatch)


def documents_sweep(*, older_than_seconds: int = 120, limit: int = 200) -> int:
    """Hand to Celery again the documents still pending after a delay or whose rendering lease
    expired (worker died while rendering)."""
    return jobs.sweep(
        Document, older_than_seconds=older_than_seconds, limit=limit, dispatch=document_dispatch
    )
