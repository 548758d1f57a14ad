"""PDF builder of the dashboard report (documents pipeline): rendered by the worker with the
filters stored on the Document row, for the person who asked (their scope, their language)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from mecanismo.core.models import Mesa

from . import permissions, selectors


def report_pdf(params: dict):
    user = get_object_or_404(get_user_model(), pk=params["user_id"])
    mesa = Mesa.objects.filter(pk=params.get("mesa_id")).first() if params.get("mesa_id") else None
    quarter = params.get("quarter")
    filters = selectors.Filters(
        quarter=selectors.parse_quarter(quarter), mesa=mesa, subregion=params.get("subregion", "")
    )
    board = selectors.dashboard(filters, everything=permissions.sees_everything(user))
    return "dashboards/pdf/report.html", {
        "board": board,
        "filters": filters,
        "charts": selectors.charts_for(board.sections),
    }
