from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/<str:token>/<str:filename>", views.download, name="download"),
]
