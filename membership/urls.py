from django.urls import path

from . import views

app_name = "membership"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/duplicate/", views.claim_duplicate, name="claim_duplicate"),
    path("register/<slug:step>/", views.register_step, name="register_step"),
    path("privacy-consent/", views.privacy_consent, name="privacy_consent"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("my-mesas/", views.my_mesas, name="my_mesas"),
    path("my-mesas/<int:pk>/leave/", views.leave_mesa, name="leave_mesa"),
    path("contact-requests/", views.contact_requests, name="contact_requests"),
    path(
        "contact-requests/<int:pk>/decide/",
        views.contact_request_decide,
        name="contact_request_decide",
    ),
    path("coordination/", views.coordination, name="coordination"),
    path("coordination/<slug:slug>/requests/", views.mesa_requests, name="mesa_requests"),
    path(
        "coordination/<slug:slug>/requests/<int:pk>/decide/",
        views.mesa_request_decide,
        name="mesa_request_decide",
    ),
    path("coordination/<slug:slug>/members/", views.mesa_members, name="mesa_members"),
    path("coordination/<slug:slug>/composition/", views.mesa_composition, name="mesa_composition"),
    path(
        "coordination/<slug:slug>/members/export/<slug:fmt>/",
        views.mesa_members_export,
        name="mesa_members_export",
    ),
    path("imports/", views.member_imports, name="member_imports"),
    path("imports/<uuid:token>/", views.member_import, name="member_import"),
    path("imports/<uuid:token>/run/", views.member_import_run, name="member_import_run"),
    path("imports/<uuid:token>/undo/", views.member_import_undo, name="member_import_undo"),
    path("imports/<uuid:token>/resend/", views.member_import_resend, name="member_import_resend"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("coordinators/", views.coordinators, name="coordinators"),
    path("coordinators/<int:pk>/remove/", views.coordinator_remove, name="coordinator_remove"),
    path("directory/", views.directory, name="directory"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/answers/", views.my_answers, name="my_answers"),
    path("my-data/export/", views.my_data_export, name="my_data_export"),
    path("my-data/delete/", views.my_data_delete, name="my_data_delete"),
]
