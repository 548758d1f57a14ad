"""Inputs: the open, equal channel of the Terms of Reference (§2 transparency, §6). A member
(organisation or individual) sends a text and an optional document to a mesa or the linking table;
the body's coordinators acknowledge it and link it to what uses it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective

from .bodies import Body


class InputStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    USED = "used", _("Used")


def _input_path(instance, filename):
    # Under MEDIA_ROOT, which is never served as such: only input_download reaches the file.
    return f"inputs/{instance.body_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class Input(models.Model):
    """One input ('aporte'). `html` is the sanitised rendering of `text` (Markdown)."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="inputs", verbose_name=_("body")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="mesa_inputs",
        verbose_name=_("submitted by"),
    )
    member = models.ForeignKey(
        "membership.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mesa_inputs",
        verbose_name=_("member"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text (Markdown)"))
    html = models.TextField(blank=True, editable=False)
    file = models.FileField(_("document"), upload_to=_input_path, blank=True)
    file_kind = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="inputs", verbose_name=_("GCM objectives")
    )
    may_publish = models.BooleanField(_("may be published"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=InputStatus.choices, default=InputStatus.RECEIVED
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.ForeignKey(
        "mesas.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("agenda item"),
    )
    consultation = models.ForeignKey(
        "mesas.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("consultation"),
    )
    recommendation = models.ForeignKey(
        "mesas.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("recommendation"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["body", "status", "-created_at"], name="input_body_status"),
            models.Index(fields=["submitted_by", "-created_at"], name="input_author"),
            # A body's inputs, newest first (the coordinators' list, §10: read in order, LIMIT).
            models.Index(fields=["body", "-created_at", "-id"], name="input_body_recent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mesas:input_detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        """Published on the objective pages: the author allowed it and coordinators took it in."""
        return self.may_publish and self.status != InputStatus.RECEIVED
