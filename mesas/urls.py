from django.urls import path

from . import views

app_name = "mesas"
urlpatterns = [
    path("mesas/", views.mesa_list, name="list"),
    path("mesas/<slug:slug>/", views.mesa_detail, name="detail"),
    path("objectives/", views.objective_list, name="objective_list"),
    path("objectives/<int:number>/", views.objective_detail, name="objective_detail"),
    # Bodies that meet and their meetings (§6)
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/overview/", views.body_overview, name="body_overview"),
    path("bodies/<slug:slug>/", views.body_detail, name="body_detail"),
    path("bodies/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/mine/", views.my_calendar, name="my_calendar"),
    path("calendar/private/<str:token>.ics", views.feed_private, name="feed_private"),
    path("calendar/<slug:slug>.ics", views.feed_body, name="feed_body"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/", views.agenda_manage, name="agenda"),
    path("meetings/<int:pk>/agenda/<int:item>/move/", views.agenda_item_move, name="agenda_move"),
    path(
        "meetings/<int:pk>/agenda/<int:item>/delete/",
        views.agenda_item_delete,
        name="agenda_delete",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/documents/",
        views.agenda_document_upload,
        name="document_upload",
    ),
    path("meeting-documents/<int:pk>/", views.document_download, name="document_download"),
    path("meetings/<int:pk>/proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("meetings/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("action-items/<int:pk>/status/", views.action_item_status, name="action_status"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
]

# Inputs, consultations, recommendations, indicators (issue 13): their own module.
from .urls_outputs import urlpatterns as _outputs  # noqa: E402

urlpatterns += _outputs
