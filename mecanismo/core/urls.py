from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("open-call/", views.open_call, name="open_call"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/v<int:version>/", views.privacy, name="privacy_version"),
    path("settings/", views.user_settings, name="settings"),
    path("audit/", views.audit_log, name="audit_log"),
    path("me/", views.my_home, name="my_home"),
]
