from django.urls import path

from . import views

app_name = "mesas"
urlpatterns = [
    path("mesas/", views.mesa_list, name="list"),
    path("mesas/<slug:slug>/", views.mesa_detail, name="detail"),
    path("objectives/", views.objective_list, name="objective_list"),
    path("objectives/<int:number>/", views.objective_detail, name="objective_detail"),
]
