"""Agreements and action items of a meeting (§6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bodies import Body
from .meetings import Meeting


class Agreement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    text = models.TextField(_("agreement"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """Something someone agreed to do, with an owner and a due date (reminded when due)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["body", "status", "due_on"], name="action_body_status")]

    def __str__(self):
        return self.text[:60]

    @property
    def owner_label(self) -> str:
        """Shown on public pages and PDFs: a name, never the owner's e-mail address (§9)."""
        if self.owner_id:
            return self.owner.display_name
        return self.owner_name or "—"
