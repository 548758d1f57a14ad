from django.urls import path

from . import views

app_name = "communication"

urlpatterns = [
    path("bodies/<slug:slug>/announcements/", views.announcement_list, name="announcement_list"),
    path(
        "bodies/<slug:slug>/announcements/new/",
        views.announcement_create,
        name="announcement_create",
    ),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement_detail"),
    path(
        "announcements/<int:pk>/attachment/",
        views.announcement_attachment,
        name="announcement_attachment",
    ),
    path("bodies/<slug:slug>/discussions/", views.thread_list, name="thread_list"),
    path("bodies/<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
    path("bodies/<slug:slug>/moderation/", views.moderation_queue, name="moderation"),
    path("discussions/search/", views.search, name="search"),
    path("discussions/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("discussions/<int:pk>/close/", views.thread_lock, name="thread_lock"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/report/", views.post_report, name="post_report"),
    path("posts/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
