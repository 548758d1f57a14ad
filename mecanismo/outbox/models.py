"""The e-mail outbox (§10 "nothing lost", §6 "each reminder reaches each recipient exactly once").

An `OutboxMessage` row is written in the same transaction as the change that causes the e-mail.
Its `key` is unique in the database: scheduling the same reminder twice inserts one row. The row,
not the Celery message, is the source of truth: a task only carries its id, claims it
(pending → sending, with a lease) and marks it sent; a periodic sweep hands rows that are still
pending, or whose lease expired, to Celery again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.jobs import Job, open_index, status_field

from . import categories


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxMessage(Job):
    """One e-mail to one recipient: a job of the shared pipeline (mecanismo.core.jobs)."""

    Status = OutboxStatus
    RUNNING = Status.SENDING
    DONE = Status.SENT
    due_field = "next_attempt_at"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.EmailField(_("recipient address"), max_length=254)
    template = models.CharField(_("template"), max_length=200)
    context = models.JSONField(_("context"), default=dict, blank=True)
    # Small text files sent with the message (an invitation's .ics): a list of
    # {"filename", "mimetype", "content"}; written with the row, so a retry sends the same bytes.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=categories.CHOICES)
    language = models.CharField(_("language"), max_length=8, default="es")
    status = status_field(Status)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's query: rows still pending or sending, oldest first.
            open_index(
                name="outbox_open_idx",
                due_field="next_attempt_at",
                open_statuses=[OutboxStatus.PENDING, OutboxStatus.SENDING],
            ),
        ]

    def __str__(self):
        return f"{self.key} → {self.to} ({self.status})"


class NotificationOptOut(models.Model):
    """A member switched off one switchable category of e-mail (no row = receive it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    category = models.CharField(_("category"), max_length=32, choices=categories.CHOICES)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification opt-out")
        verbose_name_plural = _("notification opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="outbox_optout_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.category}"
