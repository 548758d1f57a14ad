"""The registration steps (§3), kept server-side so a person can stop and come back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.models import ActorType, Country, PrivacyNotice
from mecanismo.core.pagination import paginate

from .. import selectors, services
from ..forms import (
    AboutYouForm,
    ClaimForm,
    ClaimSearchForm,
    KindForm,
    PrivacyForm,
    ProfileForm,
)
from ..models import (
    MemberKind,
    RegistrationDraft,
    RegistrationStep,
)
from ._common import _error_text, _form_error_text, _posted

STEPS_NEW = [
    RegistrationStep.PRIVACY,
    RegistrationStep.KIND,
    RegistrationStep.PROFILE,
    RegistrationStep.ABOUT,
]


STEPS_CLAIM = [RegistrationStep.PRIVACY, RegistrationStep.KIND, RegistrationStep.CLAIM]


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
    initial = dict(draft.data.get("profile") or {})
    initial.setdefault("contact_name", request.user.full_name)
    form = ProfileForm(_posted(request), kind=kind, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        if kind == MemberKind.ORGANISATION and not cleaned.get("not_a_duplicate"):
            duplicates = selectors.duplicates_for(name=cleaned["name"], country=cleaned["country"])
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
                contact_name=profile.pop("contact_name", "") or "",
                profile=profile,
                self_declaration=answers if has_answer else None,
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is complete. Now choose the mesas to join.")
                % {"name": member.name},
            )
            return redirect("membership:my_mesas")
    return _render_step(request, ctx, form=form)


def _claim_submit(request, form, fallback_name: str = "") -> bool:
    """Ask to join the organisation chosen in a valid ClaimForm; the outcome is a message."""
    try:
        services.contact_request_create(
            user=request.user,
            member=form.cleaned_data["member"],
            position=form.cleaned_data["position"],
            full_name=form.cleaned_data["full_name"] or fallback_name,
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
    draft = RegistrationDraft.objects.filter(user=request.user).first()
    typed = ((draft.data if draft else {}).get("profile") or {}).get("contact_name", "")
    if not _claim_submit(request, form, fallback_name=typed or ""):
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
