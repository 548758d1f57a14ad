"""The participation dashboard (§8): one page with its filters, CSV per table, a PDF report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from mecanismo.core import permissions as core
from mecanismo.core.models import Mesa
from mecanismo.core.services import audit_record
from mecanismo.documents.models import Document
from mecanismo.documents.services import document_request

from . import exports, permissions, selectors
from .forms import FiltersForm


def _keys(filters: selectors.Filters) -> dict:
    return {
        "quarter": filters.quarter.isoformat() if filters.quarter else "",
        "mesa": filters.mesa.pk if filters.mesa else "",
        "subregion": filters.subregion,
    }


def _filters(request, data):
    """(form, filters): the chosen filters, or the defaults when the form is invalid."""
    if not getattr(request.user, "is_authenticated", False):
        raise PermissionDenied
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    everything = permissions.sees_everything(request.user)
    mesas = list(Mesa.objects.order_by("number"))
    if not everything:
        mine = core.coordinated_mesa_ids(request.user)
        mesas = [m for m in mesas if m.pk in mine]
    form = FiltersForm(data or None, mesas=mesas, everything=everything)
    by_id = {m.pk: m for m in mesas}
    default_mesa = None if everything else mesas[0]
    if form.is_bound and form.is_valid():
        mesa = by_id.get(form.cleaned_data["mesa"], default_mesa)
        filters = selectors.Filters(
            form.cleaned_data["quarter"], mesa, form.cleaned_data["subregion"] or ""
        )
    else:
        filters = selectors.Filters(None, default_mesa, "")
    if not permissions.can_view_scope(request.user, filters.mesa):
        raise PermissionDenied
    return form, filters, everything


def _report_key(user, filters, stamp: str) -> str:
    keys = _keys(filters)
    return (
        f"dashboard:u{user.pk}:{keys['quarter'] or 'latest'}:{keys['mesa'] or 'all'}:"
        f"{keys['subregion'] or 'all'}:{get_language()}:{stamp}"
    )


# The rendered sections are cached per scope, filters, language and stamp (§10: the page costs
# the same at any size and the charts are not redrawn for every request). The stamp changes with
# every recomputed quarter row or new release, so the people counts of a cached copy are never
# stale; the sections read live (inputs, coverage, elections, follow-up, the linking table) and
# edited names (actor type, country) are at most ten minutes old.
SECTIONS_TTL = 600


def _sections_key(filters, everything: bool, stamp: str) -> str:
    keys = _keys(filters)
    return (
        f"dashboard:sections:v1:{'all' if everything else 'mesa'}:{keys['quarter'] or 'latest'}:"
        f"{keys['mesa'] or 'all'}:{keys['subregion'] or 'all'}:{get_language()}:{stamp}"
    )


def _sections(request, filters, everything: bool, release, stamp: str) -> tuple[list, str]:
    """(the quarters one may choose, the sections' HTML), from the cache or built."""
    key = _sections_key(filters, everything, stamp)
    cached = cache.get(key)
    if cached is not None:
        return cached
    board = selectors.dashboard(filters, everything=everything, release=release)
    html = render_to_string(
        "dashboards/includes/sections.html",
        {
            "board": board,
            "query": urlencode(_keys(filters)),
            "charts": selectors.charts_for(board.sections),
        },
        request=request,
    )
    cache.set(key, (board.quarters, html), SECTIONS_TTL)
    return board.quarters, html


def _filters_form(request, form, stamp: str, everything: bool, invalid: bool) -> str:
    """The filters form's HTML. Its three selects cost a fifth of the page to render, so a valid
    form is cached like the sections: its choices (the quarters of the stamp, the mesas one may
    choose), the chosen values and the language make the key. A form with errors is rendered."""
    key = None
    if not invalid:
        chosen = ":".join(str(form.data.get(name, "")) for name in ("quarter", "mesa", "subregion"))
        mesas = ",".join(str(pk) for pk, _label in form.fields["mesa"].choices)
        key = f"dashboard:filters:v1:{get_language()}:{stamp}:{everything}:{mesas}:{chosen}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    html = render_to_string("dashboards/includes/filters.html", {"form": form}, request=request)
    if key is not None:
        cache.set(key, html, SECTIONS_TTL)
    return html


@login_required
def index(request):
    form, filters, everything = _filters(request, request.GET)
    release = selectors.release_for(filters)
    stamp = selectors.page_stamp(filters, release)
    quarters, sections = _sections(request, filters, everything, release, stamp)
    form.offer_quarters(quarters)
    report = Document.objects.filter(key=_report_key(request.user, filters, stamp)).first()
    status = 400 if form.is_bound and not form.is_valid() else 200
    filters_form = _filters_form(request, form, stamp, everything, status == 400)
    return render(
        request,
        "dashboards/index.html",
        {
            "filters_form": mark_safe(filters_form),  # noqa: S308 -- our own template's output  # nosec B308 B703
            "sections": mark_safe(sections),  # noqa: S308 -- our own template's output  # nosec B308 B703
            "filters": filters,
            "keys": _keys(filters),
            "report": report,
            "everything": everything,
        },
        status=status,
    )


@login_required
def export(request, table: str):
    if table not in selectors.TABLE_KEYS:
        raise Http404
    form, filters, everything = _filters(request, request.GET)
    if form.is_bound and not form.is_valid():
        return index(request)  # the page with the form's errors, 400
    board = selectors.dashboard(filters, everything=everything)
    found = selectors.table_by_key(board.sections, table)
    if found is None:
        raise Http404
    keys = _keys(filters)
    audit_record(actor=request.user, action="dashboard.exported", table=table, **keys)
    return exports.csv_response(f"{table}.csv", found.csv_rows)


@login_required
@require_POST
def report(request):
    form, filters, everything = _filters(request, request.POST)
    if form.is_bound and not form.is_valid():
        return index(request)
    board = selectors.dashboard(filters, everything=everything)
    keys = _keys(filters)
    with transaction.atomic():
        document_request(
            key=_report_key(request.user, filters, board.stamp),
            builder="dashboards.documents.report_pdf",
            params={
                "user_id": request.user.pk,
                "mesa_id": filters.mesa.pk if filters.mesa else None,
                "quarter": keys["quarter"],
                "subregion": filters.subregion,
            },
            filename="dashboard.pdf",
            language=get_language() or "es",
            access="dashboards.permissions.can_download_report",
        )
        audit_record(actor=request.user, action="dashboard.report_requested", **keys)
    return redirect(f"{reverse('dashboards:index')}?{urlencode(keys)}#report")
