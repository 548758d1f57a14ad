from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from mecanismo.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("mecanismo.core.api_urls")),
    path("api/v1/", include("vinculacion.api_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("mecanismo.core.urls")),
    path("", include("mesas.urls")),
    path("", include("membership.urls")),
    path("", include("vinculacion.urls")),
    path("", include("dashboards.urls")),
    path("", include("mecanismo.outbox.urls")),
    path("", include("mecanismo.documents.urls")),
    path("", include("communication.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

# MEDIA_ROOT is never served as such, not even with DEBUG: uploaded preparatory documents and
# private PDFs are reached only through their download views, which check who may read them.

handler400 = "mecanismo.core.views.error_400"
handler403 = "mecanismo.core.views.error_403"
handler404 = "mecanismo.core.views.error_404"
handler500 = "mecanismo.core.views.error_500"
