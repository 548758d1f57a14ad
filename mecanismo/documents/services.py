"""PDF documents: request one in the caller's transaction, render it once in Celery.

`document_request` inserts a row with a unique key (requesting an existing key returns the row)
and hands its id to Celery after commit. `document_render` claims the row (pending → rendering,
with a lease, under SKIP LOCKED), calls the builder, renders with WeasyPrint and stores the file
under documents/<id>/<filename>, replacing any previous file: rendering twice leaves one file.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename

from .models import Document, document_upload_to
from .renderer import html_to_pdf

logger = logging.getLogger(__name__)


def _conf(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


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
    if not key or len(key) > 255:
        raise ValueError("A document key is required (at most 255 characters).")
    import_string(builder)  # fail in the request, not in the worker, on a typo
    filename = get_valid_filename(filename) or "document.pdf"
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    document = Document(
        key=key,
        builder=builder,
        params=params,
        filename=filename,
        public=public,
        language=language,
        access=access,
    )
    try:
        with transaction.atomic():
            document.save(force_insert=True)
    except IntegrityError:
        existing = Document.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    transaction.on_commit(partial(document_dispatch, document.pk), robust=True)
    return document


def document_dispatch(document_id: int, countdown: int | None = None) -> bool:
    from .tasks import document_render as task

    try:
        task.apply_async((document_id,), countdown=countdown, retry=False)
    except Exception:  # noqa: BLE001 - the sweep renders it later
        logger.warning("documents: could not hand %s to Celery", document_id, exc_info=True)
        return False
    return True


def _claim(document_id: int) -> Document | None:
    now = timezone.now()
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(skip_locked=True)
            .filter(pk=document_id)
            .filter(
                Q(status=Document.Status.PENDING)
                | Q(status=Document.Status.RENDERING, lease_until__lt=now)
            )
            .first()
        )
        if document is None:
            return None
        document.status = Document.Status.RENDERING
        document.attempts += 1
        document.lease_until = now + timedelta(seconds=_conf("DOCUMENTS_LEASE_SECONDS", 600))
        document.save(update_fields=["status", "attempts", "lease_until"])
    return document


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
        error = f"{type(exc).__name__}: {exc}"[:4000]
        fence = Document.objects.filter(
            pk=document.pk, status=Document.Status.RENDERING, attempts=document.attempts
        )
        if document.attempts >= _conf("DOCUMENTS_MAX_ATTEMPTS", 3):
            fence.update(status=Document.Status.FAILED, error=error, lease_until=None)
            return "failed"
        fence.update(status=Document.Status.PENDING, error=error, lease_until=None)
        document_dispatch(document.pk, countdown=60 * document.attempts)
        return "retry"
    Document.objects.filter(pk=document.pk, attempts=document.attempts).update(
        status=Document.Status.READY,
        file=stored,
        error="",
        lease_until=None,
        rendered_at=timezone.now(),
    )
    return "ready"


def document_rerender(*, document: Document) -> None:
    """Render an existing document again (an admin after fixing a failure, or new data behind
    the same key). The new file replaces the old one."""
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.PENDING, attempts=0, lease_until=None
        )
        transaction.on_commit(partial(document_dispatch, document.pk), robust=True)


def documents_sweep(*, older_than_seconds: int = 120, limit: int = 200) -> int:
    """Hand to Celery again the documents still pending after a delay or whose rendering lease
    expired (worker died while rendering)."""
    now = timezone.now()
    ids = list(
        Document.objects.filter(
            Q(
                status=Document.Status.PENDING,
                created_at__lte=now - timedelta(seconds=older_than_seconds),
            )
            | Q(status=Document.Status.RENDERING, lease_until__lt=now)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for document_id in ids:
        document_dispatch(document_id)
    return len(ids)
