"""Indicators of the cross-cutting commission (§7): what they measure, their baseline and target,
and measurements per period (a year) with a source. A correction never overwrites: the earlier
value stays as history (`replaced_at` set), and only one current value exists per period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(models.Model):
    slug = models.SlugField(_("address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="indicators", verbose_name=_("GCM objectives")
    )
    unit = models.CharField(_("unit"), max_length=60)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_period = models.PositiveSmallIntegerField(_("baseline year"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_period = models.PositiveSmallIntegerField(_("target year"))
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_period__gt=F("baseline_period")),
                name="indicator_target_after_baseline",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mesas:indicator_detail", kwargs={"indicator": self.slug})


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("link to the source"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.CharField(_("why it was corrected"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["period", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_measurement_per_period",
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period}: {self.value}"
