"""Dialogues with governments and other actors (§6): a meeting of the dialogues body (twice a
year), its participating governments and actors, the recommendations presented and the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Country

from .meetings import Meeting


class Dialogue(models.Model):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="dialogue", verbose_name=_("meeting")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="dialogues", verbose_name=_("participating governments")
    )
    other_actors = models.TextField(_("other participating actors"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dialogue with governments")
        verbose_name_plural = _("dialogues with governments")

    def __str__(self):
        return str(self.meeting)

    def get_absolute_url(self):
        return reverse("mesas:dialogue_detail", kwargs={"pk": self.pk})

    def actor_lines(self) -> list[str]:
        return [line.strip() for line in self.other_actors.splitlines() if line.strip()]


class DialoguePresentation(models.Model):
    """A recommendation presented at a dialogue; recorded as an entry of its follow-up."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="presentations")
    recommendation = models.ForeignKey(
        "mesas.Recommendation", on_delete=models.CASCADE, related_name="presentations"
    )
    follow_up = models.OneToOneField(
        "mesas.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recommendation presented")
        verbose_name_plural = _("recommendations presented")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "recommendation"], name="one_presentation_per_dialogue"
            )
        ]

    def __str__(self):
        return f"{self.dialogue_id}:{self.recommendation_id}"
