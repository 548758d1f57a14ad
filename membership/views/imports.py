"""Bringing existing members in (issue 14): upload → dry run (a page, not a form per row) →
one "Import" POST → undo; the invitation an imported person accepts; the members export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mecanismo.core.models import Mesa, PrivacyNotice
from mecanismo.core.pagination import paginate

from .. import permissions, services
from ..forms import InvitationAcceptForm, MemberImportForm
from ..models import ImportStatus, MemberImport
from ..services.import_rows import COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS
from ..services.invitations import INVITATION_DAYS
from ._common import _error_text, _posted, denies

REPORT_PAGE = 50


def _column_help() -> list[tuple[str, bool, str]]:
    """(column, required, what it holds) for the help on the upload page."""
    texts = {
        "kind": _("“organisation” or “individual”."),
        "member_name": _("Name of the organisation, or of the person for an individual."),
        "actor_type": _("Actor type: its code (e.g. cso, migrant_person) or its name."),
        "country": _("Country of base: ISO code (e.g. PA) or name."),
        "email": _("E-mail address of the person invited (one account per address)."),
        "contact_name": _("Name of the contact person (organisations)."),
        "position": _("Position of the contact person in the organisation."),
        "language": _("Language of the invitation: es (default), en, pt or fr."),
        "mesas": _("Mesa numbers separated by ; (e.g. 1;3)."),
        "website": _("Website (http or https)."),
        "description": _("Public description."),
        "works_local": _("Works at local level: yes or no."),
        "works_national": _("Works at national level: yes or no."),
        "works_regional": _("Works at regional level: yes or no."),
        "gathers_networks": _("Brings together groups, collectives or networks: yes or no."),
    }
    return [(c, c in REQUIRED_COLUMNS, texts[c]) for c in COLUMNS]


@login_required
@denies
def member_imports(request):
    """The upload form, the help on the columns and the latest imports."""
    if not services.can_import_members(request.user):
        raise PermissionDenied
    form = MemberImportForm(_posted(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = services.member_import_prepare(
                    actor=request.user, upload=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                form.add_error("file", _error_text(exc))
            else:
                return redirect("membership:member_import", token=batch.token)
        status = 400
    imports = MemberImport.objects.exclude(status=ImportStatus.DRY_RUN).defer(
        "rows", "report", "created"
    )
    if not permissions.is_admin(request.user):
        imports = imports.filter(created_by=request.user)
    context = {
        "form": form,
        "columns": _column_help(),
        "max_rows": MAX_IMPORT_ROWS,
        "window": paginate(request, imports.select_related("created_by"), per_page=20),
    }
    return render(request, "membership/imports/upload.html", context, status=status)


def _batch(request, token) -> MemberImport:
    batch = services.member_import_for(actor=request.user, token=token)
    if batch is None:
        if not services.can_import_members(request.user):
            raise PermissionDenied
        raise Http404
    return batch


@login_required
@denies
def member_import(request, token):
    """The dry run (or, once imported, what was done), one page of rows at a time."""
    batch = _batch(request, token)
    only = request.GET.get("show", "")
    rows = batch.report
    if only in ("create", "contact", "duplicate", "error"):
        rows = [r for r in rows if r["outcome"] == only]
    context = {
        "batch": batch,
        "summary": services.import_summary(batch.report),
        "notes": [services.note_text(n) for n in batch.notes],
        "window": paginate(request, rows, per_page=REPORT_PAGE),
        "show": only,
        "blockers": (
            services.member_import_undo_blockers(batch)
            if batch.status == ImportStatus.IMPORTED
            else 0
        ),
        "waiting": (
            services.member_import_waiting(batch) if batch.status == ImportStatus.IMPORTED else 0
        ),
    }
    return render(request, "membership/imports/report.html", context)


@login_required
@require_POST
@denies
def member_import_run(request, token):
    batch = _batch(request, token)
    already = batch.status != ImportStatus.DRY_RUN
    batch = services.member_import_run(actor=request.user, token=batch.token)
    if not already:
        invited = len(batch.created.get("users", []))
        messages.success(
            request,
            ngettext(
                "The import is done: %(n)s person was invited.",
                "The import is done: %(n)s people were invited.",
                invited,
            )
            % {"n": invited},
        )
    return redirect("membership:member_import", token=batch.token)


@login_required
@require_POST
@denies
def member_import_undo(request, token):
    batch = _batch(request, token)
    try:
        services.member_import_undo(actor=request.user, token=batch.token)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The import was undone: nothing of it is left."))
    return redirect("membership:member_import", token=batch.token)


@login_required
@require_POST
@denies
def member_import_resend(request, token):
    batch = _batch(request, token)
    try:
        sent = services.member_import_resend(actor=request.user, token=batch.token)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            ngettext(
                "The invitation was sent again to %(n)s person who has not accepted it yet.",
                "The invitation was sent again to %(n)s people who have not accepted it yet.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("membership:member_import", token=batch.token)


def invitation_accept(request, token: str):
    """Where the invitation e-mail leads: password and privacy consent, then signed in."""
    contact = services.invitation_contact(token)
    if contact is None:
        return render(request, "membership/imports/invitation_invalid.html", status=404)
    if request.user.is_authenticated and request.user.pk != contact.user_id:
        return render(
            request, "membership/imports/invitation_invalid.html", {"other": True}, status=403
        )
    form = InvitationAcceptForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contact = services.invitation_accept(
                    token=token,
                    password=form.cleaned_data["password1"],
                    accept_privacy=form.cleaned_data["accept"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error("password1", exc.messages)
            else:
                login(request, contact.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _(
                        "Welcome. You now act for %(member)s. You may choose here whether it is "
                        "listed in the public directory."
                    )
                    % {"member": contact.member.name},
                )
                return redirect("membership:member_edit", pk=contact.member_id)
        status = 400
    context = {
        "form": form,
        "contact": contact,
        "notice": PrivacyNotice.current(),
        "days": INVITATION_DAYS,
    }
    return render(request, "membership/imports/invitation.html", context, status=status)


@login_required
@denies
def mesa_members_export(request, slug: str, fmt: str):
    mesa = get_object_or_404(Mesa, slug=slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return services.mesa_members_export(actor=request.user, mesa=mesa, fmt=fmt)
