"""Indicators of the commission (§7): definitions and measurements per year with a source. A
correction keeps the earlier value as history. Every change is audited."""

from __future__ import annotations

import decimal
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record

from .. import permissions_outputs as perms
from ..models import Indicator, Measurement


def _check(actor) -> None:
    if not perms.can_manage_indicators(actor):
        raise PermissionDenied(_("Only the indicators commission manages indicators."))


def _check_definition(baseline_period: int, target_period: int) -> None:
    if target_period <= baseline_period:
        raise ValidationError({"target_period": _("The target year must follow the baseline.")})


@transaction.atomic
def indicator_define(
    *,
    actor: User,
    slug: str,
    name: str,
    unit: str,
    baseline_value,
    baseline_period: int,
    target_value,
    target_period: int,
    direction: str = "higher",
    description: str = "",
    objectives: Iterable = (),
    indicator: Indicator | None = None,
) -> Indicator:
    """Create an indicator, or change the definition of `indicator`."""
    _check(actor)
    _check_definition(baseline_period, target_period)
    if indicator is not None:
        outside = indicator.measurements.filter(replaced_at__isnull=True).exclude(
            period__gte=baseline_period, period__lte=target_period
        )
        if outside.exists():
            raise ValidationError(
                {"baseline_period": _("Some measurements fall outside these years.")}
            )
    fields = {
        "name": name,
        "unit": unit,
        "baseline_value": baseline_value,
        "baseline_period": baseline_period,
        "target_value": target_value,
        "target_period": target_period,
        "direction": direction,
        "description": description,
    }
    if indicator is None:
        if Indicator.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("Another indicator has this address.")})
        indicator = Indicator.objects.create(slug=slug, created_by=actor, **fields)
        action = "indicator.define"
    else:
        for field, value in fields.items():
            setattr(indicator, field, value)
        indicator.save()
        action = "indicator.change"
    indicator.objectives.set(objectives)
    audit_record(actor=actor, action=action, target=indicator)
    return indicator


def _check_measurement(indicator: Indicator, period: int, value, source: str) -> None:
    errors = {}
    if not indicator.baseline_period <= period <= indicator.target_period:
        errors["period"] = _("The year must be between %(a)s and %(b)s.") % {
            "a": indicator.baseline_period,
            "b": indicator.target_period,
        }
    if not isinstance(value, decimal.Decimal | int | float):
        errors["value"] = _("Give a number.")
    if not (source or "").strip():
        errors["source"] = _("Say where the value comes from.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measurement_record(
    *, actor: User, indicator: Indicator, period: int, value, source: str, source_url: str = ""
) -> Measurement:
    """A new measurement for a year that has none (a second one for the same year is refused:
    use a correction)."""
    _check(actor)
    _check_measurement(indicator, period, value, source)
    Indicator.objects.select_for_update(of=("self",)).filter(pk=indicator.pk).first()
    if indicator.measurements.filter(period=period, replaced_at__isnull=True).exists():
        raise ValidationError({"period": _("This year already has a value; correct it instead.")})
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                indicator=indicator,
                period=period,
                value=value,
                source=source.strip(),
                source_url=source_url,
                recorded_by=actor,
            )
    except IntegrityError as exc:  # a concurrent request recorded the same year
        raise ValidationError({"period": _("This year already has a value.")}) from exc
    audit_record(
        actor=actor, action="indicator.measure", target=indicator, measurement_id=measurement.pk
    )
    return measurement


@transaction.atomic
def measurement_correct(
    *, actor: User, measurement: Measurement, value, source: str, source_url: str = "", note: str
) -> Measurement:
    """Replace a value: the earlier one stays in the history with the time it was replaced."""
    _check(actor)
    current = Measurement.objects.select_for_update(of=("self",)).get(pk=measurement.pk)
    if current.replaced_at is not None:
        raise ValidationError(_("This value was already corrected."))
    indicator = current.indicator
    _check_measurement(indicator, current.period, value, source)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the value is corrected.")})
    current.replaced_at = timezone.now()
    current.save(update_fields=["replaced_at"])
    new = Measurement.objects.create(
        indicator=indicator,
        period=current.period,
        value=value,
        source=source.strip(),
        source_url=source_url,
        recorded_by=actor,
        correction_note=note.strip(),
    )
    audit_record(
        actor=actor,
        action="indicator.correct",
        target=indicator,
        measurement_id=new.pk,
        replaced_id=current.pk,
    )
    return new
