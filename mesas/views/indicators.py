"""Indicators (§7): public page with an SVG chart (no JavaScript), data table and CSV; the
commission defines indicators and records or corrects measurements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mecanismo.core.charts import Point, line_chart, number
from mecanismo.core.csv_export import csv_response
from mecanismo.core.pagination import paginate

from .. import forms_outputs as forms
from .. import permissions_outputs as perms
from .. import selectors_outputs as sel
from .. import services
from ..models import Indicator, Measurement
from ._common import PAGE_SIZE, _apply_errors, output_form_page


def describe(indicator: Indicator, measurements: list[Measurement]) -> str:
    """The sentence read by screen readers (and shown under the chart), from the data."""
    target = _("target %(value)s in %(year)s") % {
        "value": number(indicator.target_value),
        "year": indicator.target_period,
    }
    if not measurements:
        return _("No measurement yet; %(target)s.") % {"target": target}
    first, last = measurements[0], measurements[-1]
    if first is last:
        return _("%(value)s in %(year)s; %(target)s.") % {
            "value": number(first.value),
            "year": first.period,
            "target": target,
        }
    return _("From %(first)s in %(y1)s to %(last)s in %(y2)s; %(target)s.") % {
        "first": number(first.value),
        "y1": first.period,
        "last": number(last.value),
        "y2": last.period,
        "target": target,
    }


def indicator_list(request):
    window = paginate(request, sel.indicators_published(), PAGE_SIZE)
    return render(
        request,
        "mesas/indicator_list.html",
        {"window": window, "can_manage": perms.can_manage_indicators(request.user)},
    )


def _indicator(request, slug: str) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.prefetch_related("objectives"), slug=slug)
    if not indicator.is_published and not perms.can_manage_indicators(request.user):
        raise Http404
    return indicator


def indicator_detail(request, indicator: str):
    indicator = _indicator(request, indicator)
    measurements = list(indicator.measurements.filter(replaced_at__isnull=True))
    description = describe(indicator, measurements)
    chart = line_chart(
        [Point(str(m.period), float(m.value)) for m in measurements],
        title=indicator.name,
        description=description,
        chart_id=f"indicator-{indicator.pk}",
        reference=(_("Target"), float(indicator.target_value)),
    )
    can_manage = perms.can_manage_indicators(request.user)
    form = forms.MeasurementForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.measurement_record(
                    actor=request.user, indicator=indicator, **form.cleaned_data
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The measurement was recorded."))
                return redirect(indicator.get_absolute_url())
    context = {
        "indicator": indicator,
        "measurements": measurements,
        "history": list(sel.indicator_history(indicator)),
        "chart": chart,
        "description": description,
        "can_manage": can_manage,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "mesas/indicator_detail.html", context, status=status)


def indicator_csv(request, indicator: str):
    indicator = _indicator(request, indicator)
    rows = [
        (m.period, m.value, indicator.unit, m.source, m.source_url)
        for m in indicator.measurements.filter(replaced_at__isnull=True)
    ]
    header = [_("Year"), _("Value"), _("Unit"), _("Source"), _("Link to the source")]
    return csv_response(f"{indicator.slug}.csv", header, rows)


@login_required
def indicator_create(request):
    if not perms.can_manage_indicators(request.user):
        raise PermissionDenied
    return output_form_page(
        request,
        forms.IndicatorForm(request.POST or None),
        lambda d: services.indicator_define(actor=request.user, **d),
        done=_("The indicator was saved."),
        heading=_("Define an indicator"),
        back_url=reverse("mesas:indicator_list"),
        back_label=_("Indicators"),
    )


@login_required
def indicator_edit(request, indicator: str):
    indicator = get_object_or_404(Indicator, slug=indicator)
    if not perms.can_manage_indicators(request.user):
        raise PermissionDenied
    initial = {f: getattr(indicator, f) for f in forms.IndicatorForm.base_fields}
    initial["objectives"] = list(indicator.objectives.all())
    form = forms.IndicatorForm(request.POST or None, initial=initial)
    form.fields["slug"].disabled = True
    return output_form_page(
        request,
        form,
        lambda d: services.indicator_define(actor=request.user, indicator=indicator, **d),
        done=_("The indicator was saved."),
        heading=_("Change the definition"),
        back_url=indicator.get_absolute_url(),
        back_label=indicator.name,
    )


@login_required
def measurement_correct(request, pk: int):
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator"), pk=pk, replaced_at__isnull=True
    )
    if not perms.can_manage_indicators(request.user):
        raise PermissionDenied
    form = forms.MeasurementCorrectionForm(
        request.POST or None,
        initial={"value": measurement.value, "source": measurement.source},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_correct(
                actor=request.user, measurement=measurement, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The value was corrected; the earlier one is kept."))
            return redirect(measurement.indicator.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "heading": _("Correct the value of %(year)s") % {"year": measurement.period},
        "intro": _("The earlier value stays in the history of the indicator."),
        "back_url": measurement.indicator.get_absolute_url(),
        "back_label": measurement.indicator.name,
    }
    return render(request, "mesas/output_form.html", context, status=status)
