from django.shortcuts import get_object_or_404, render

from . import selectors


def mesa_list(request):
    return render(request, "mesas/mesa_list.html", {"mesas": selectors.mesas_with_objectives()})


def mesa_detail(request, slug: str):
    mesa = get_object_or_404(selectors.mesas_with_objectives(), slug=slug)
    return render(request, "mesas/mesa_detail.html", {"mesa": mesa})


def objective_list(request):
    return render(
        request, "mesas/objective_list.html", {"objectives": selectors.objectives_with_mesa()}
    )


def objective_detail(request, number: int):
    objective = get_object_or_404(selectors.objectives_with_mesa(), number=number)
    return render(request, "mesas/objective_detail.html", {"objective": objective})
