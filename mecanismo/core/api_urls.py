from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("objectives/", api.objectives, name="objectives"),
    path("mesas/", api.mesas, name="mesas"),
]

# Recommendations and indicators (mesas app, issue 13).
from mesas import api as mesas_api  # noqa: E402

urlpatterns += [
    path("recommendations/", mesas_api.recommendations, name="recommendations"),
    path("indicators/", mesas_api.indicators, name="indicators"),
]
