"""PDF documents rendered in the background (§6 minutes, recommendations; §8 reports).

A `Document` row is requested in the transaction of the change that needs it (minutes approved),
keyed by a unique `key`; a Celery task renders it with WeasyPrint after commit. The row carries
the status the owning page shows while the PDF renders.
"""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mecanismo.core.jobs import Job, open_index, status_field


def new_document_token() -> str:
    """The unguessable part of a document's address (issue 11): 32 random bytes."""
    return secrets.token_urlsafe(32)


def document_upload_to(instance, filename):
    # One folder per document: re-rendering replaces the file instead of adding a second one.
    return f"documents/{instance.pk}/{filename}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be rendered")
    RENDERING = "rendering", _("rendering")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class Document(Job):
    """One PDF: a job of the shared pipeline (mecanismo.core.jobs)."""

    Status = DocumentStatus
    RUNNING = Status.RENDERING
    DONE = Status.READY

    token = models.CharField(
        _("address token"), max_length=64, unique=True, default=new_document_token, editable=False
    )
    builder = models.CharField(_("builder"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    public = models.BooleanField(_("public"), default=False)
    access = models.CharField(
        _("access rule"),
        max_length=200,
        blank=True,
        help_text=_("Dotted path of a function (user, document) → bool for private documents."),
    )
    language = models.CharField(_("language"), max_length=8, default="es")
    status = status_field(Status)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True, max_length=300)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [
            open_index(
                name="documents_open_idx",
                due_field="created_at",
                open_statuses=[DocumentStatus.PENDING, DocumentStatus.RENDERING],
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def get_absolute_url(self) -> str:
        return reverse("documents:download", args=[self.token, self.filename])
