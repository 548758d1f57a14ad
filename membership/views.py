"""Thin views: parse the request, call a service or selector, render or redirect."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.models import ActorType, Country, Mesa, PrivacyNotice
from mecanismo.core.pagination import paginate
from mecanismo.core.permissions import is_admin

from . import aggregates, permissions, selectors, services
from .filters import DirectoryFilter
from .forms import (
    AboutYouForm,
    ClaimForm,
    ClaimSearchForm,
    CoordinatorForm,
    DecisionForm,
    DeleteAccountForm,
    KindForm,
    MemberEditForm,
    MesaRequestForm,
    PrivacyForm,
    ProfileForm,
)
from .models import (
    ContactStatus,
    MemberKind,
    RegistrationDraft,
    RegistrationStep,
    SelfDeclaration,
)

STEPS_NEW = [
    RegistrationStep.PRIVACY,
    RegistrationStep.KIND,
    RegistrationStep.PROFILE,
    RegistrationStep.ABOUT,
]
STEPS_CLAIM = [RegistrationStep.PRIVACY, RegistrationStep.KIND, RegistrationStep.CLAIM]


def forbidden(request, message: str | None = None):
    return render(request, "membership/forbidden.html", {"message": message}, status=403)


def denies(view):
    """Render PermissionDenied raised by a service as a 403 page carrying its message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or None)

    return wrapper


def _posted(request):
    """The POST data when the request is a POST (even an empty one), else None (unbound form)."""
    return request.POST if request.method == "POST" else None


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_error_text(form) -> str:
    return " ".join(e for errs in form.errors.values() for e in errs)


# --- registration -------------------------------------------------------------------------------


def _redirect_if_registered(request):
    """Registration is for people without a member profile (or a pending request)."""
    if selectors.active_contact(request.user):
        messages.info(request, _("You already have a member profile (or a pending request)."))
        return redirect("membership:my_mesas")
    return None


def _has_current_consent(user) -> bool:
    notice = PrivacyNotice.current()
    return notice is not None and user.privacy_consents.filter(notice=notice).exists()


@login_required
def register(request):
    """Entry of the registration: continue at the step where the person stopped."""
    if registered := _redirect_if_registered(request):
        return registered
    draft, _created = RegistrationDraft.objects.get_or_create(user=request.user)
    step = draft.step
    if step != RegistrationStep.PRIVACY and not _has_current_consent(request.user):
        step = RegistrationStep.PRIVACY
    return redirect("membership:register_step", step=step)


@login_required
def register_step(request, step: str):
    if step not in RegistrationStep.values:
        raise Http404
    user = request.user
    if registered := _redirect_if_registered(request):
        return registered
    draft, _created = RegistrationDraft.objects.get_or_create(user=user)
    data = draft.data
    choice = data.get("kind")
    if step != RegistrationStep.PRIVACY and not _has_current_consent(user):
        return redirect("membership:register_step", step=RegistrationStep.PRIVACY)
    if step in (RegistrationStep.PROFILE, RegistrationStep.ABOUT, RegistrationStep.CLAIM):
        if not choice:
            return redirect("membership:register_step", step=RegistrationStep.KIND)
        if (step == RegistrationStep.CLAIM) != (choice == "claim"):
            return redirect("membership:register_step", step=RegistrationStep.KIND)
    if step == RegistrationStep.ABOUT and "profile" not in data:
        return redirect("membership:register_step", step=RegistrationStep.PROFILE)

    handler = {
        RegistrationStep.PRIVACY: _step_privacy,
        RegistrationStep.KIND: _step_kind,
        RegistrationStep.PROFILE: _step_profile,
        RegistrationStep.ABOUT: _step_about,
        RegistrationStep.CLAIM: _step_claim,
    }[step]
    steps = STEPS_CLAIM if choice == "claim" else STEPS_NEW
    ctx = {
        "step": step,
        "steps": [(s, RegistrationStep(s).label) for s in steps],
        "step_number": steps.index(step) + 1 if step in steps else 1,
        "step_count": len(steps),
        "draft": draft,
    }
    return handler(request, draft, ctx)


def _render_step(request, ctx, **extra):
    return render(request, f"membership/register/{ctx['step']}.html", {**ctx, **extra})


def _step_privacy(request, draft, ctx):
    notice = PrivacyNotice.current()
    form = PrivacyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.privacy_consent_record(user=request.user, notice=notice)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            services.registration_draft_save(user=request.user, step=RegistrationStep.KIND, data={})
            return redirect("membership:register_step", step=RegistrationStep.KIND)
    return _render_step(request, ctx, form=form, notice=notice)


def _step_kind(request, draft, ctx):
    form = KindForm(_posted(request), initial={"kind": draft.data.get("kind")})
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        following = RegistrationStep.CLAIM if kind == "claim" else RegistrationStep.PROFILE
        data = {"kind": kind}
        if draft.data.get("kind") != kind:
            data["profile"] = None
        services.registration_draft_save(user=request.user, step=following, data=data)
        return redirect("membership:register_step", step=following)
    return _render_step(request, ctx, form=form)


def _step_profile(request, draft, ctx):
    kind = draft.data["kind"]
    initial = draft.data.get("profile") or {}
    form = ProfileForm(_posted(request), kind=kind, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        if kind == MemberKind.ORGANISATION and not cleaned.get("not_a_duplicate"):
            duplicates = services.duplicates_for(name=cleaned["name"], country=cleaned["country"])
        if not duplicates:
            services.registration_draft_save(
                user=request.user,
                step=RegistrationStep.ABOUT,
                data={"profile": form.draft_data()},
            )
            return redirect("membership:register_step", step=RegistrationStep.ABOUT)
        services.registration_draft_save(
            user=request.user, step=RegistrationStep.PROFILE, data={"profile": form.draft_data()}
        )
    return _render_step(
        request, ctx, form=form, duplicates=duplicates, kind=kind, claim_form=ClaimForm()
    )


def _step_about(request, draft, ctx):
    form = AboutYouForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        profile = dict(draft.data["profile"])
        kind = draft.data["kind"]
        actor_type = ActorType.objects.filter(pk=profile.pop("actor_type", None)).first()
        country = Country.objects.filter(pk=profile.pop("country", None)).first()
        if actor_type is None or country is None:
            messages.error(request, _("Unknown country or actor type: check your profile."))
            return redirect("membership:register_step", step=RegistrationStep.PROFILE)
        answers = {k: v for k, v in form.cleaned_data.items()}
        has_answer = any(v not in ("", None, False) for v in answers.values())
        try:
            member = services.member_register(
                user=request.user,
                kind=kind,
                name=profile.pop("name"),
                actor_type=actor_type,
                country=country,
                position=profile.pop("position", "") or "",
                profile=profile,
                self_declaration=answers if has_answer else None,
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                _("%(name)s is registered. Now choose the mesas you want to join.")
                % {"name": member.name},
            )
            return redirect("membership:my_mesas")
    return _render_step(request, ctx, form=form)


def _claim_submit(request, form) -> bool:
    """Ask to join the organisation chosen in a valid ClaimForm; the outcome is a message."""
    try:
        services.contact_request_create(
            user=request.user,
            member=form.cleaned_data["member"],
            position=form.cleaned_data["position"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(
        request, _("Your request was sent. You will receive an e-mail when it is decided.")
    )
    return True


def _step_claim(request, draft, ctx):
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_error_text(form))
        elif _claim_submit(request, form):
            return redirect("membership:my_mesas")
    search = ClaimSearchForm(request.GET or None)
    window = None
    if search.is_valid() and (search.cleaned_data["q"] or search.cleaned_data["country"]):
        rows = selectors.organisations_matching(
            search.cleaned_data["q"], search.cleaned_data["country"]
        )
        window = paginate(request, rows, per_page=10)
    return _render_step(request, ctx, search=search, window=window)


@login_required
@require_POST
def claim_duplicate(request):
    """'Ask to join it instead' from the duplicate warning of the profile step."""
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This organisation does not exist."))
        return redirect("membership:register")
    if not _claim_submit(request, form):
        return redirect("membership:register")
    return redirect("membership:my_mesas")


@login_required
def privacy_consent(request):
    """Accept a newer version of the privacy notice (asked again at login, §9)."""
    notice = PrivacyNotice.current()
    if notice is None:
        raise Http404
    form = PrivacyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.privacy_consent_record(user=request.user, notice=notice)
        request.session.pop("membership_privacy_reconsent", None)
        messages.success(request, _("Thank you: your consent was recorded."))
        target = request.GET.get("next") or ""
        if not target.startswith("/") or target.startswith("//"):
            target = reverse("core:home")
        return redirect(target)
    return render(request, "membership/privacy_consent.html", {"form": form, "notice": notice})


# --- member pages -------------------------------------------------------------------------------


def member_detail(request, pk: int):
    member = get_object_or_404(
        selectors.Member.objects.select_related("country", "actor_type"), pk=pk
    )
    if not permissions.can_view_member(request.user, member):
        raise Http404
    is_contact = permissions.can_act_for_member(request.user, member)
    ctx = {
        "member": member,
        "mesas": selectors.current_mesas(member),
        "is_contact": is_contact,
        "can_edit": member.archived_at is None
        and (is_contact or permissions.can_edit_member(request.user, member)),
    }
    if is_contact or is_admin(request.user):
        ctx["history"] = selectors.member_memberships(member)
        ctx["contacts"] = member.contacts.filter(status=ContactStatus.APPROVED).select_related(
            "user"
        )
    return render(request, "membership/member_detail.html", ctx)


@login_required
@denies
def member_edit(request, pk: int):
    """Its approved contact persons (or the individual member, or an admin) edit the public
    profile. Only public fields are on this page: nobody's optional answers (§9)."""
    member = get_object_or_404(
        selectors.Member.objects.select_related("country", "actor_type"), pk=pk
    )
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied
    if member.archived_at is not None:
        messages.error(request, _("This member is archived."))
        return redirect(member.get_absolute_url())
    form = MemberEditForm(_posted(request), member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, data=form.profile_data())
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(member.get_absolute_url())
    return render(
        request,
        "membership/member_edit.html",
        {"member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@denies
def my_mesas(request):
    """The member's hub: current mesas, pending requests, history, a form to ask for more."""
    member = selectors.member_for_user(request.user)
    if member is None:
        pending = selectors.active_contact(request.user)
        return render(request, "membership/no_member.html", {"pending": pending})
    form = MesaRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.mesa_membership_request(
                actor=request.user,
                member=member,
                mesas=form.cleaned_data["mesas"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                _("Your request to join %(mesas)s was sent to the coordinators.")
                % {"mesas": ", ".join(r.mesa.short_name for r in rows)},
            )
            return redirect("membership:my_mesas")
    history = list(selectors.member_memberships(member))
    return render(
        request,
        "membership/my_mesas.html",
        {
            "member": member,
            "form": form,
            "open_rows": [r for r in history if r.status in ("pending", "approved")],
            "history": history,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@denies
def leave_mesa(request, pk: int):
    try:
        row = services.mesa_membership_leave(actor=request.user, membership_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if row.status == "left":
            messages.success(request, _("You left %(mesa)s.") % {"mesa": row.mesa.short_name})
        else:
            messages.success(
                request,
                _("Your request to %(mesa)s was withdrawn.") % {"mesa": row.mesa.short_name},
            )
    return redirect("membership:my_mesas")


@login_required
@denies
def contact_requests(request):
    if not permissions.can_view_contact_requests(request.user):
        raise PermissionDenied
    rows = permissions.pending_contact_requests_visible_to(request.user).select_related(
        "user", "member", "member__country"
    )
    window = paginate(request, rows.order_by("requested_at", "id"))
    return render(
        request,
        "membership/contact_requests.html",
        {"window": window, "form": DecisionForm()},
    )


@login_required
@require_POST
@denies
def contact_request_decide(request, pk: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect("membership:contact_requests")
    try:
        services.contact_request_decide(
            actor=request.user,
            contact_id=pk,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The decision was recorded and the person was told."))
    return redirect("membership:contact_requests")


# --- coordinators -------------------------------------------------------------------------------


@login_required
def coordination(request):
    mesas = permissions.coordinated_mesas(request.user)
    if not mesas:
        raise PermissionDenied
    return render(request, "membership/coordination.html", {"mesas": mesas})


def _coordinated_mesa(request, slug):
    mesa = get_object_or_404(Mesa, slug=slug)
    if not permissions.can_view_mesa_members(request.user, mesa):
        raise PermissionDenied
    return mesa


@login_required
def mesa_requests(request, slug: str):
    mesa = _coordinated_mesa(request, slug)
    window = paginate(request, selectors.pending_requests(mesa))
    return render(
        request,
        "membership/mesa_requests.html",
        {"mesa": mesa, "window": window, "form": DecisionForm()},
    )


@login_required
@require_POST
@denies
def mesa_request_decide(request, slug: str, pk: int):
    mesa = _coordinated_mesa(request, slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        window = paginate(request, selectors.pending_requests(mesa))
        return render(
            request,
            "membership/mesa_requests.html",
            {"mesa": mesa, "window": window, "form": form, "failed_pk": pk},
            status=400,
        )
    try:
        row = services.mesa_membership_decide(
            actor=request.user,
            membership_id=pk,
            mesa=mesa,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if form.approve:
            text = _("%(member)s is now a member of %(mesa)s.")
        else:
            text = _("The request of %(member)s to %(mesa)s was declined.")
        messages.success(request, text % {"member": row.member.name, "mesa": mesa.short_name})
    return redirect("membership:mesa_requests", slug=mesa.slug)


@login_required
def mesa_members(request, slug: str):
    mesa = _coordinated_mesa(request, slug)
    window = paginate(request, selectors.mesa_member_page_rows(mesa))
    return render(request, "membership/mesa_members.html", {"mesa": mesa, "window": window})


@login_required
def mesa_composition(request, slug: str):
    """Counts of the mesa's members and people, small cells suppressed (membership.aggregates)."""
    mesa = get_object_or_404(Mesa, slug=slug)
    if not permissions.can_view_mesa_composition(request.user, mesa):
        raise PermissionDenied
    composition = aggregates.mesa_composition(selectors.approved_members(mesa))
    return render(
        request,
        "membership/mesa_composition.html",
        {
            "mesa": mesa,
            "composition": composition,
            "can_see_members": permissions.can_view_mesa_members(request.user, mesa),
        },
    )


@login_required
@denies
def coordinators(request):
    if not permissions.can_manage_coordinators(request.user):
        raise PermissionDenied
    form = CoordinatorForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.coordinator_assign(
                    actor=request.user,
                    user=form.user,
                    mesa=form.cleaned_data["mesa"],
                    agency_co_coordinator=form.cleaned_data["agency_co_coordinator"],
                )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("The coordinator was assigned."))
                return redirect("membership:coordinators")
        status = 400
    window = paginate(request, selectors.coordinators(), per_page=50)
    return render(
        request, "membership/coordinators.html", {"form": form, "window": window}, status=status
    )


@login_required
@require_POST
@denies
def coordinator_remove(request, pk: int):
    try:
        services.coordinator_remove(actor=request.user, assignment_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The coordinator role was ended."))
    return redirect("membership:coordinators")


# --- directory ----------------------------------------------------------------------------------


def directory(request):
    filters = DirectoryFilter(request.GET or None, queryset=selectors.directory_members())
    if filters.is_bound and not filters.is_valid():
        window = paginate(request, selectors.directory_members().none())
        status = 400
    else:
        window = paginate(request, filters.qs)
        status = 200
    return render(
        request, "membership/directory.html", {"filter": filters, "window": window}, status=status
    )


# --- my data ------------------------------------------------------------------------------------


@login_required
def my_data(request):
    return render(
        request,
        "membership/my_data.html",
        {"member": selectors.member_for_user(request.user)},
    )


@login_required
def my_answers(request):
    """The person's own optional answers (§9): only they see them; they change or erase them."""
    declaration = SelfDeclaration.objects.filter(user=request.user).first()
    form = AboutYouForm(_posted(request), initial=AboutYouForm.initial_for(declaration))
    if request.method == "POST" and "erase" in request.POST:
        services.self_declaration_erase(user=request.user)
        messages.success(request, _("Your optional answers were erased."))
        return redirect("membership:my_data")
    if request.method == "POST" and form.is_valid():
        services.self_declaration_save(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your optional answers were saved."))
        return redirect("membership:my_data")
    return render(
        request, "membership/my_answers.html", {"form": form, "has_answers": bool(declaration)}
    )


@login_required
@require_POST
def my_data_export(request):
    data = services.my_data_export(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
def my_data_delete(request):
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            logout(request)
            messages.success(request, _("Your account was deleted and your data anonymised."))
            return redirect("core:home")
    return render(
        request,
        "membership/my_data_delete.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- audit --------------------------------------------------------------------------------------


@login_required
def audit_log(request):
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    rows = selectors.audit_entries()
    action = request.GET.get("action", "").strip()
    if action:
        rows = rows.filter(action__startswith=action)
    window = paginate(request, rows, per_page=50)
    return render(request, "membership/audit_log.html", {"window": window, "action": action})
