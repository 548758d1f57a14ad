"""Recommendations and positions (§6): public list and page with the follow-up timeline; drafting,
adoption, publication, translations and follow-up entries for coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate

from .. import forms_outputs as forms
from .. import permissions_outputs as perms
from .. import selectors_outputs as sel
from .. import services
from ..models import Body, FollowUp, FollowUpTrack, Recommendation, RecommendationStatus
from ._common import PAGE_SIZE, output_form_page
from .inputs import attachment


def recommendation_list(request):
    filters = forms.RecommendationFilterForm(request.GET or None)
    qs = sel.recommendations_filtered(**filters.filters())
    window = paginate(request, qs, PAGE_SIZE)
    return render(request, "mesas/recommendation_list.html", {"window": window, "filters": filters})


def _rec_for(request, pk: int) -> Recommendation:
    rec = get_object_or_404(sel.recommendation_page(), pk=pk)
    if not perms.can_view_recommendation(request.user, rec):
        raise Http404
    return rec


def recommendation_detail(request, pk: int):
    rec = _rec_for(request, pk)
    can_manage = perms.can_manage_recommendation(request.user, rec.body)
    timeline = list(rec.follow_ups.all())
    context = {
        "rec": rec,
        "can_manage": can_manage,
        "can_follow_up": perms.can_record_follow_up(request.user, rec),
        "responses": [e for e in timeline if e.track != FollowUpTrack.IMPLEMENTATION],
        "implementation": [e for e in timeline if e.track == FollowUpTrack.IMPLEMENTATION],
        "can_publish": can_manage and rec.status == RecommendationStatus.ADOPTED,
    }
    if can_manage and rec.status == RecommendationStatus.DRAFT:
        context["adopt_form"] = forms.AdoptForm(body=rec.body)
    return render(request, "mesas/recommendation_detail.html", context)


def _form_initial(rec: Recommendation) -> dict:
    addressees = list(rec.addressees.all())
    return {
        "kind": rec.kind,
        "title": rec.title,
        "text": rec.text,
        "language": rec.language,
        "sdg_targets": rec.sdg_targets,
        "objectives": list(rec.objectives.all()),
        "countries": [a.country for a in addressees if a.country_id],
        "other_actors": "\n".join(a.actor for a in addressees if not a.country_id),
        "response_due_on": next((a.response_due_on for a in addressees), None),
    }


@login_required
def recommendation_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    if not perms.can_manage_recommendation(request.user, body):
        raise PermissionDenied
    form = forms.RecommendationForm(request.POST or None)

    def save(d):
        return services.recommendation_create(
            actor=request.user,
            body=body,
            kind=d["kind"],
            title=d["title"],
            text=d["text"],
            language=d["language"],
            objectives=d["objectives"],
            sdg_targets=d["sdg_targets"],
            addressees=form.addressees(),
        )

    return output_form_page(
        request,
        form,
        save,
        done=_("The draft was saved."),
        heading=_("Draft a recommendation or position"),
        back_url=body.get_absolute_url(),
        back_label=body.name,
    )


@login_required
def recommendation_edit(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("body"), pk=pk)
    if not perms.can_manage_recommendation(request.user, rec.body):
        raise PermissionDenied
    form = forms.RecommendationForm(request.POST or None, initial=_form_initial(rec))

    def save(d):
        services.recommendation_update(
            actor=request.user,
            rec=rec,
            title=d["title"],
            text=d["text"],
            objectives=d["objectives"],
            sdg_targets=d["sdg_targets"],
            addressees=form.addressees(),
        )
        return rec

    return output_form_page(
        request,
        form,
        save,
        done=_("The draft was saved."),
        heading=_("Edit the draft"),
        back_url=rec.get_absolute_url(),
        back_label=rec.title,
    )


def _post_action(request, rec, action, done: str):
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(rec.get_absolute_url())


@login_required
@require_POST
def recommendation_adopt(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("body"), pk=pk)
    if not perms.can_manage_recommendation(request.user, rec.body):
        raise PermissionDenied
    form = forms.AdoptForm(request.POST, body=rec.body)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(rec.get_absolute_url())
    meeting = form.cleaned_data["meeting"]
    return _post_action(
        request,
        rec,
        lambda: services.recommendation_adopt(actor=request.user, rec=rec, meeting=meeting),
        _("The recommendation is adopted."),
    )


@login_required
@require_POST
def recommendation_publish(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("body"), pk=pk)
    if not perms.can_manage_recommendation(request.user, rec.body):
        raise PermissionDenied
    return _post_action(
        request,
        rec,
        lambda: services.recommendation_publish(actor=request.user, rec=rec),
        _("The recommendation is published; its PDF is being prepared."),
    )


@login_required
def recommendation_translate(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("body"), pk=pk)
    if not perms.can_manage_recommendation(request.user, rec.body):
        raise PermissionDenied
    form = forms.TranslationForm(request.POST or None)

    def save(d):
        services.recommendation_translate(actor=request.user, rec=rec, **d)
        return rec

    return output_form_page(
        request,
        form,
        save,
        done=_("The translation was saved."),
        heading=_("Translation"),
        back_url=rec.get_absolute_url(),
        back_label=rec.title,
    )


@login_required
def follow_up_add(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("body"), pk=pk)
    if not perms.can_record_follow_up(request.user, rec):
        raise PermissionDenied
    form = forms.FollowUpForm(request.POST or None, request.FILES or None, recommendation=rec)

    def save(_d):
        services.follow_up_record(actor=request.user, rec=rec, **form.service_kwargs())
        return rec

    return output_form_page(
        request,
        form,
        save,
        done=_("The follow-up entry was recorded."),
        heading=_("Record a follow-up entry"),
        back_url=rec.get_absolute_url(),
        back_label=rec.title,
    )


def follow_up_document(request, pk: int):
    entry = get_object_or_404(
        FollowUp.objects.select_related("recommendation__body"), pk=pk, source_file__gt=""
    )
    if not perms.can_view_recommendation(request.user, entry.recommendation):
        raise Http404
    return attachment(entry.source_file, entry.source_file_kind, f"follow-up-{entry.pk}")
