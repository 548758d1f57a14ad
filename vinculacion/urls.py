from django.urls import path

from . import views

app_name = "vinculacion"
urlpatterns = [
    path("linking-table/", views.linking_table, name="linking_table"),
    path("linking-table/designations/new/", views.designation_create, name="designation_create"),
    path("linking-table/strategies/new/", views.strategy_create, name="strategy_create"),
    path("linking-table/strategies/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("linking-table/strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("elections/<int:pk>/vote/", views.ballot, name="ballot"),
    path("elections/<int:pk>/stand/", views.stand, name="stand"),
    path("elections/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("elections/<int:pk>/manage/", views.election_manage, name="election_manage"),
    path("elections/<int:pk>/step/", views.election_step, name="election_step"),
    path("coordination/<slug:slug>/elections/new/", views.election_create, name="election_create"),
    path("mandates/<int:pk>/step-down/", views.step_down, name="step_down"),
    path("seat-offers/<int:pk>/", views.offer_answer, name="offer_answer"),
]
