"""Pages of inputs, consultations, recommendations and indicators (issue 13), in the `mesas`
namespace (appended to mesas/urls.py)."""

from django.urls import path

from .views import consultations, dialogues, indicators, inputs, recommendations

urlpatterns = [
    # Inputs: the open channel (§2, §6)
    path("inputs/new/", inputs.input_submit, name="input_submit"),
    path("inputs/mine/", inputs.my_inputs, name="my_inputs"),
    path("inputs/<int:pk>/", inputs.input_detail, name="input_detail"),
    path("inputs/<int:pk>/document/", inputs.input_download, name="input_download"),
    path("inputs/<int:pk>/acknowledge/", inputs.input_acknowledge, name="input_acknowledge"),
    path("inputs/<int:pk>/link/", inputs.input_link, name="input_link"),
    path("bodies/<slug:slug>/inputs/", inputs.body_inputs, name="body_inputs"),
    # Consultations on drafts (§6)
    path(
        "bodies/<slug:slug>/consultations/new/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/revise/",
        consultations.consultation_revise,
        name="consultation_revise",
    ),
    path(
        "consultation-comments/<int:pk>/answer/",
        consultations.consultation_answer,
        name="consultation_answer",
    ),
    # Recommendations and their follow-up (§6)
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "bodies/<slug:slug>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "recommendations/<int:pk>/edit/",
        recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:pk>/adopt/",
        recommendations.recommendation_adopt,
        name="recommendation_adopt",
    ),
    path(
        "recommendations/<int:pk>/publish/",
        recommendations.recommendation_publish,
        name="recommendation_publish",
    ),
    path(
        "recommendations/<int:pk>/translate/",
        recommendations.recommendation_translate,
        name="recommendation_translate",
    ),
    path(
        "recommendations/<int:pk>/follow-up/",
        recommendations.follow_up_add,
        name="follow_up_add",
    ),
    path(
        "follow-up/<int:pk>/document/",
        recommendations.follow_up_document,
        name="follow_up_document",
    ),
    # Dialogues with governments and other actors (§6)
    path("dialogues/", dialogues.dialogue_list, name="dialogue_list"),
    path("dialogues/<int:pk>/", dialogues.dialogue_detail, name="dialogue_detail"),
    path("meetings/<int:pk>/dialogue/", dialogues.dialogue_manage, name="dialogue_manage"),
    path("dialogues/<int:pk>/agenda/", dialogues.dialogue_agenda, name="dialogue_agenda"),
    path("dialogues/<int:pk>/present/", dialogues.dialogue_present, name="dialogue_present"),
    # Indicators (§7)
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("indicators/<slug:indicator>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:indicator>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<slug:indicator>/data.csv", indicators.indicator_csv, name="indicator_csv"),
    path(
        "measurements/<int:pk>/correct/",
        indicators.measurement_correct,
        name="measurement_correct",
    ),
]
