from django.urls import path

from . import views
from .models import ActionItemAction

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
    path("meetings/<int:pk>/agenda/<int:item>/edit/", views.agenda_item_edit, name="agenda_edit"),
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
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal_decline"),
    path("meetings/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "meetings/<int:pk>/attendance/all-present/",
        views.attendance_all_present,
        name="attendance_all_present",
    ),
    path("meetings/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    # One endpoint per transition of an action item (permissions.action_item_actions).
    path(
        "action-items/<int:pk>/done/",
        views.action_item_transition,
        {"action": ActionItemAction.DONE},
        name="action_done",
    ),
    path(
        "action-items/<int:pk>/drop/",
        views.action_item_transition,
        {"action": ActionItemAction.DROP},
        name="action_drop",
    ),
    path(
        "action-items/<int:pk>/reopen/",
        views.action_item_transition,
        {"action": ActionItemAction.REOPEN},
        name="action_reopen",
    ),
    # The minutes page and one endpoint per transition (permissions.minutes_actions).
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/save/", views.minutes_save, name="minutes_save"),
    path("meetings/<int:pk>/minutes/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/correct/", views.minutes_correct, name="minutes_correct"),
    path("meetings/<int:pk>/minutes/comment/", views.minutes_comment, name="minutes_comment"),
]

# Inputs, consultations, recommendations, indicators (issue 13): their own module.
from .urls_outputs import urlpatterns as _outputs  # noqa: E402

urlpatterns += _outputs
