"""Reads shared by the mesas pages."""

from django.db.models import Prefetch, QuerySet

from mecanismo.core.models import Mesa, Objective


def mesas_with_objectives() -> QuerySet[Mesa]:
    return Mesa.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    ).order_by("number")


def objectives_with_mesa() -> QuerySet[Objective]:
    return Objective.objects.select_related("mesa").order_by("number")
