"""Consultations on drafts (§6, ToR 'contribution to preparatory documents'): a coordinator opens a
draft to the body's members until a closing date; members comment on a paragraph or the whole; the
draft keeps versions; coordinators answer or mark comments as taken into account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bodies import Body


class DraftKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation or position")
    PREPARATORY = "preparatory", _("Preparatory document for a regional review")


class Consultation(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind of draft"), max_length=16, choices=DraftKind.choices)
    recommendation = models.ForeignKey(
        "mesas.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("recommendation"),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_open"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mesas:consultation_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at


class DraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text (Markdown)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="one_draft_version_number"
            )
        ]

    def __str__(self):
        return f"v{self.number}"

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)
    taken_into_account = models.BooleanField(_("taken into account"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["paragraph", "created_at", "id"]

    def __str__(self):
        return self.text[:60]
