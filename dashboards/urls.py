from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.index, name="index"),
    path("dashboard/export/<slug:table>.csv", views.export, name="export"),
    path("dashboard/report/", views.report, name="report"),
]
