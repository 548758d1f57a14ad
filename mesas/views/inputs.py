"""Inputs (§2, §6): members send them, coordinators acknowledge and link them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate
from mecanismo.documents.stored import open_stored
from membership.selectors import member_for_user

from .. import forms_outputs as forms
from .. import permissions_outputs as perms
from .. import selectors_outputs as sel
from .. import services
from ..models import Body, Input, InputStatus
from ._common import DOCUMENT_TYPES, PAGE_SIZE, _apply_errors


def attachment(field_file, kind: str, stem: str) -> FileResponse:
    """A stored upload as a download: never inline, a safe name, its real type, nosniff."""
    name = f"{stem}.{kind}" if kind else stem
    response = FileResponse(open_stored(field_file), as_attachment=True, filename=name)
    response["Content-Type"] = DOCUMENT_TYPES.get(kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _input_for(request, pk: int) -> Input:
    item = get_object_or_404(sel._inputs(), pk=pk)
    if not perms.can_view_input(request.user, item):
        raise PermissionDenied
    return item


@login_required
def input_submit(request):
    initial = {}
    body_slug = request.GET.get("body")
    if body_slug:
        initial["body"] = sel.input_bodies().filter(slug=body_slug).first()
    form = forms.InputForm(request.POST or None, request.FILES or None, initial=initial)
    allowed = member_for_user(request.user) is not None
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.input_submit(
                actor=request.user,
                body=d["body"],
                title=d["title"],
                text=d["text"],
                objectives=d["objectives"],
                may_publish=d["may_publish"],
                upload=d.get("file"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your input was sent to the coordinators."))
            return redirect(item.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "heading": _("Send an input"),
        "intro": _(
            "The open channel of the mechanism: any member, organisation or individual, may send "
            "an input to a mesa or the linking table. Its coordinators acknowledge it."
        ),
        "refused": "" if allowed else _("Only registered members can send inputs."),
        "submit_label": _("Send"),
        "back_url": reverse("mesas:my_inputs"),
        "back_label": _("My inputs"),
    }
    return render(request, "mesas/output_form.html", context, status=status)


@login_required
def my_inputs(request):
    window = paginate(request, sel.inputs_of_user(request.user), PAGE_SIZE)
    return render(request, "mesas/my_inputs.html", {"window": window})


def input_detail(request, pk: int):
    item = _input_for(request, pk)
    can_manage = perms.can_manage_inputs(request.user, item.body)
    context = {"item": item, "can_manage": can_manage, "is_author": False}
    context["is_author"] = perms.is_input_author(request.user, item)
    context["can_acknowledge"] = can_manage and item.status == InputStatus.RECEIVED
    if can_manage:
        context["link_form"] = forms.InputLinkForm(body=item.body)
    return render(request, "mesas/input_detail.html", context)


def input_download(request, pk: int):
    item = _input_for(request, pk)
    if not item.file:
        raise PermissionDenied
    return attachment(item.file, item.file_kind, f"input-{item.pk}")


@login_required
def body_inputs(request, slug: str):
    body = get_object_or_404(Body.objects.select_related("mesa"), slug=slug)
    if not perms.can_manage_inputs(request.user, body):
        raise PermissionDenied
    filters = forms.InputFilterForm(request.GET or None)
    status, objective = "", None
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        objective = getattr(filters.cleaned_data["objective"], "number", None)
    qs = sel.inputs_for_body(body, status=status, objective=objective)
    window = paginate(request, qs, PAGE_SIZE)
    return render(
        request,
        "mesas/body_inputs.html",
        {"body": body, "window": window, "filters": filters, "statuses": InputStatus},
    )


@login_required
@require_POST
def input_acknowledge(request, pk: int):
    item = get_object_or_404(Input.objects.select_related("body"), pk=pk)
    if not perms.can_manage_inputs(request.user, item.body):
        raise PermissionDenied
    try:
        services.input_acknowledge(actor=request.user, item=item)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The input was acknowledged; its author was told."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def input_link(request, pk: int):
    item = get_object_or_404(sel._inputs(), pk=pk)
    if not perms.can_manage_inputs(request.user, item.body):
        raise PermissionDenied
    form = forms.InputLinkForm(request.POST, body=item.body)
    if form.is_valid():
        try:
            services.input_link(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The input is linked to what uses it."))
            return redirect(item.get_absolute_url())
    context = {"item": item, "can_manage": True, "link_form": form, "is_author": False}
    return render(request, "mesas/input_detail.html", context, status=400)
