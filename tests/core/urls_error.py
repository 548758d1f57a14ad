"""The project's URLconf plus views that fail, to check the error handlers with DEBUG off."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from mecanismo.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a deliberate failure")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(path("test-boom/", boom), path("test-forbidden/", forbidden)),
]
