from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("objectives/", api.objectives, name="objectives"),
    path("mesas/", api.mesas, name="mesas"),
]
