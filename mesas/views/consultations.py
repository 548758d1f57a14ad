"""Consultations on drafts (§6): the page shows the current version paragraph by paragraph with
its comments, what changed since the previous version, and the forms each person may use."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import forms_outputs as forms
from .. import permissions, services
from .. import permissions_outputs as perms
from ..models import Body, Consultation, ConsultationComment
from ._common import _apply_errors


def version_changes(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Paragraph-level changes from `old` to `new`: ('removed'|'added', paragraph)."""
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if tag in ("replace", "delete"):
            changes += [("removed", p) for p in old[i1:i2]]
        if tag in ("replace", "insert"):
            changes += [("added", p) for p in new[j1:j2]]
    return changes


@login_required
def consultation_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can_coordinate_body(request.user, body):
        raise PermissionDenied
    form = forms.ConsultationForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(
                actor=request.user, body=body, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The consultation is open; members were told."))
            return redirect(consultation.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "heading": _("Open a consultation on a draft"),
        "intro": _(
            "The members of the body are e-mailed when it opens and two days before it closes."
        ),
        "back_url": body.get_absolute_url(),
        "back_label": body.name,
    }
    return render(request, "mesas/output_form.html", context, status=status)


@login_required
def consultation_detail(request, pk: int):
    consultation = get_object_or_404(
        Consultation.objects.select_related("body", "recommendation"), pk=pk
    )
    if not perms.can_view_consultation(request.user, consultation):
        raise PermissionDenied
    can_manage = permissions.can_coordinate_body(request.user, consultation.body)
    form = forms.ConsultationCommentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.consultation_comment(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(consultation.get_absolute_url())
    versions = list(consultation.versions.all())
    current = versions[0]
    comments = list(consultation.comments.select_related("author", "version"))
    paragraphs = [
        (n, text, [c for c in comments if c.paragraph == n and c.version_id == current.pk])
        for n, text in enumerate(current.paragraphs(), start=1)
    ]
    changes = (
        version_changes(versions[1].paragraphs(), current.paragraphs()) if len(versions) > 1 else []
    )
    context = {
        "consultation": consultation,
        "current": current,
        "versions": versions,
        "paragraphs": paragraphs,
        "general": [c for c in comments if c.paragraph is None or c.version_id != current.pk],
        "changes": changes,
        "can_manage": can_manage,
        "can_comment": perms.can_comment_consultation(request.user, consultation),
        "form": form,
        "answer_form": forms.ConsultationAnswerForm(),
        "revision_form": forms.DraftRevisionForm(initial={"text": current.text}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "mesas/consultation_detail.html", context, status=status)


@login_required
@require_POST
def consultation_revise(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.select_related("body"), pk=pk)
    if not permissions.can_coordinate_body(request.user, consultation.body):
        raise PermissionDenied
    form = forms.DraftRevisionForm(request.POST)
    if form.is_valid():
        services.consultation_revise(
            actor=request.user, consultation=consultation, **form.cleaned_data
        )
        messages.success(request, _("A new version of the draft was saved."))
    else:
        messages.error(request, _("Give the new text and say what changed."))
    return redirect(consultation.get_absolute_url())


@login_required
@require_POST
def consultation_answer(request, pk: int):
    comment = get_object_or_404(
        ConsultationComment.objects.select_related("consultation__body"), pk=pk
    )
    if not permissions.can_coordinate_body(request.user, comment.consultation.body):
        raise PermissionDenied
    form = forms.ConsultationAnswerForm(request.POST)
    form.is_valid()
    services.consultation_answer(
        actor=request.user,
        comment=comment,
        answer=form.cleaned_data.get("answer", ""),
        taken_into_account=form.cleaned_data.get("taken_into_account", False),
    )
    messages.success(request, _("The answer was saved."))
    return redirect(comment.consultation.get_absolute_url())
