"""Sample URL parameters of the linking table's pages for tests/test_url_walk.py (demo data)."""


def _strategies():
    from vinculacion.models import IntegratedStrategy

    return IntegratedStrategy.objects.order_by("pk").values_list("pk", flat=True)


URL_SAMPLES = {
    "vinculacion:strategy_detail:pk": _strategies,
    "vinculacion:strategy_edit:pk": _strategies,
}
