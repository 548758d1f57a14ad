"""History kept for the participation dashboards (§8): what happened to a mesa's membership, with
the member's attributes AT THE TIME, and per-quarter summaries computed from it and frozen once
the quarter is over, so past quarters never drift when a profile is edited or an account
deleted."""

from django.db import models
from django.utils import timezone

from mecanismo.core.models import Mesa


class EventKind(models.TextChoices):
    JOINED = "joined", "joined"
    LEFT = "left", "left"


class MembershipEvent(models.Model):
    """A member joined (approved) or left a mesa. One row per membership row and kind (the
    source row's id makes recording idempotent). Subregion, country and actor type are copied
    from the member when the event happens and never updated."""

    membership_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=8, choices=EventKind.choices)
    mesa = models.ForeignKey(Mesa, on_delete=models.PROTECT, related_name="+")
    member_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(db_index=True)
    subregion = models.CharField(max_length=32)
    country = models.CharField(max_length=8)
    actor_type = models.CharField(max_length=40)
    migrant_led = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership_id", "kind"], name="one_event_per_kind")
        ]
        indexes = [models.Index(fields=["mesa", "at"], name="event_mesa_at")]

    def __str__(self):
        return f"{self.kind} mesa {self.mesa_id} member {self.member_id} @ {self.at:%Y-%m-%d}"


class QuarterStat(models.Model):
    """The summary of one quarter for one mesa (or all mesas: mesa null), as the dashboard shows
    it: counts only, small cells already suppressed. `final` once computed after the quarter's
    end: never recomputed again."""

    quarter = models.DateField()  # first day of the quarter
    mesa = models.ForeignKey(
        Mesa, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)
    final = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "mesa"],
                name="one_stat_per_quarter_mesa",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.quarter} mesa {self.mesa_id or 'all'}"
