from django.urls import path

from . import api

app_name = "vinculacion_api"
urlpatterns = [
    path("linking-table/", api.linking_table, name="linking_table"),
    path("elections/<int:pk>/results/", api.election_results, name="election_results"),
    path("elections/<int:pk>/ballots/", api.election_ballots, name="election_ballots"),
]
