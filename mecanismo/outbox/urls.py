from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("settings/notifications/", views.notification_preferences, name="preferences"),
]
