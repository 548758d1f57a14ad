"""Bodies that meet (§6): each mesa, the linking table, the dialogues, the indicators commission."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Mesa, TranslatedName


class BodyKind(models.TextChoices):
    MESA = "mesa", _("Working table (mesa)")
    LINKING_TABLE = "linking_table", _("Linking table")
    DIALOGUE = "dialogue", _("Dialogue with governments and other actors")
    INDICATORS = "indicators", _("Indicators commission")


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Every quarter")
    SEMESTER = "semester", _("Every semester")
    AS_DECIDED = "as_decided", _("As it decides")


class Body(TranslatedName):
    """A body that meets (§6): each mesa, the linking table ('mesa de vinculación'), the dialogues
    with governments and other actors, the indicators commission. Created by a data migration."""

    slug = models.SlugField(_("address"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    mesa = models.OneToOneField(
        Mesa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body",
        verbose_name=_("mesa"),
    )
    cadence = models.CharField(_("meets"), max_length=16, choices=Cadence.choices)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["sort", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="mesa") | Q(mesa__isnull=False), name="mesa_body_has_mesa"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mesas:body_detail", kwargs={"slug": self.slug})
