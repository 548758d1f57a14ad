"""Agenda items, preparatory documents and members' agenda proposals (§6)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective

from .meetings import Meeting


class AgendaItem(models.Model):
    """A point of the ordered agenda ('orden del día'), optionally tagged with GCM objectives."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="agenda_items", verbose_name=_("GCM objectives")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


def _document_path(instance, filename):
    return f"meetings/{instance.item.meeting_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class AgendaDocument(models.Model):
    """A preparatory document attached to an agenda item (PDF, DOCX or ODT, checked by content)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("preparatory document")
        verbose_name_plural = _("preparatory documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mesas:document_download", kwargs={"pk": self.pk})


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AgendaProposal(models.Model):
    """An agenda item proposed by a member before the meeting (§2 meaningful participation)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_proposals"
    )
    member = models.ForeignKey(
        "membership.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("GCM objectives")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title
