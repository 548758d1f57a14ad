"""Thin views of the linking table and its elections: parse, ask permissions.py, call a
service or selector, render. Every form works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mecanismo.core.models import Mesa
from mecanismo.core.pagination import paginate
from membership.selectors import member_for_user
from mesas import permissions as mesas_permissions
from mesas import selectors as mesas_selectors
from mesas.models import Body, BodyKind

from . import forms, permissions, selectors, services
from .models import Election, ElectionState, IntegratedStrategy, Mandate, SeatOffer
from .permissions import ElectionAction


def _apply_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _election(pk) -> Election:
    return get_object_or_404(Election.objects.select_related("mesa", "by_election_seat"), pk=pk)


STRATEGIES_SHOWN = 50


def linking_table(request):
    rows = selectors.composition()
    body = Body.objects.filter(kind=BodyKind.LINKING_TABLE).first()
    manage = body is not None and mesas_permissions.can_coordinate_body(request.user, body)
    meetings = mesas_selectors.body_meetings(body, include_private=manage)[:10] if body else []
    actions = mesas_selectors.open_action_items(body, include_private=manage)[:20] if body else []
    can_write = permissions.can_write_strategies(request.user)
    return render(
        request,
        "vinculacion/linking_table.html",
        {
            "rows": rows,
            "balance": selectors.balance(rows),
            "past": selectors.past_compositions(),
            "elections": selectors.recent_elections(),
            "can_designate": permissions.can_designate_agencies(request.user),
            "offers": selectors.open_offers_for(request.user),
            "my_mandates": selectors.user_current_mandates(request.user),
            "body": body,
            "meetings": meetings,
            "action_items": actions,
            "strategies": selectors.strategies_visible(include_drafts=can_write)[:STRATEGIES_SHOWN],
            "can_write_strategies": can_write,
        },
    )


def election_detail(request, pk: int):
    election = _election(pk)
    candidacy = selectors.candidacy_of(request.user, election)
    actions = permissions.election_actions(request.user, election, candidacy=candidacy)
    member = member_for_user(request.user)
    shown = election.state == ElectionState.PUBLISHED or permissions.can_manage_election(
        request.user, election
    )
    return render(
        request,
        "vinculacion/election_detail.html",
        {
            "election": election,
            "candidacies": selectors.standing_candidacies(election),
            "my_candidacy": candidacy,
            "actions": actions,
            "A": ElectionAction,
            "has_voted": selectors.member_has_voted(election, member),
            "results": selectors.results_rows(election) if shown else [],
            "ballots": paginate(request, selectors.published_ballots(election), per_page=100),
            "can_manage": permissions.can_manage_election(request.user, election),
        },
    )


@never_cache
@login_required
def ballot(request, pk: int):
    """The ballot form. The tracker is shown once, in the response to the POST (never in a URL,
    never stored in clear)."""
    election = _election(pk)
    if member_for_user(request.user) is None:
        raise PermissionDenied(_("Only members of the mechanism vote."))
    if ElectionAction.VOTE not in permissions.election_actions(request.user, election):
        messages.error(request, _("Voting is not open in this election."))
        return redirect(election.get_absolute_url())
    candidacies = list(selectors.standing_candidacies(election))
    voted = selectors.member_has_voted(election, member_for_user(request.user))
    form = forms.BallotForm(request.POST or None, candidacies=candidacies)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.ballot_cast(
                actor=request.user,
                election=election,
                choices=form.cleaned_data["candidates"],
                email_tracker=form.cleaned_data["email_tracker"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return render(
                request,
                "vinculacion/ballot_receipt.html",
                {"election": election, "receipt": receipt},
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "vinculacion/ballot_form.html",
        {"election": election, "form": form, "voted": voted},
        status=status,
    )


@login_required
def stand(request, pk: int):
    election = _election(pk)
    if member_for_user(request.user) is None:
        raise PermissionDenied(
            _("Only contact persons of member organisations and individual members can stand.")
        )
    if ElectionAction.STAND not in permissions.election_actions(
        request.user, election, candidacy=selectors.candidacy_of(request.user, election)
    ):
        messages.error(request, _("Nominations are closed: candidacies can no longer change."))
        return redirect(election.get_absolute_url())
    problem = services.eligibility_problem(user=request.user, election=election)
    member = member_for_user(request.user)
    initial = {"display_name": request.user.full_name}
    if member is not None:
        initial.update(subregion=member.subregion, sector=member.actor_type_id)
    form = forms.CandidacyForm(request.POST or None, initial=initial)
    if request.method == "POST" and problem:
        form.is_valid()
        form.add_error(None, problem)
    elif request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "public"}
        try:
            services.candidacy_stand(actor=request.user, election=election, **fields)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your candidacy is registered and public."))
            return redirect(election.get_absolute_url())
    return render(
        request,
        "vinculacion/candidacy_form.html",
        {"election": election, "form": form, "problem": problem},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def withdraw(request, pk: int):
    election = _election(pk)
    candidacy = selectors.candidacy_of(request.user, election)
    if candidacy is None:
        raise PermissionDenied
    actions = permissions.election_actions(request.user, election, candidacy=candidacy)
    if ElectionAction.WITHDRAW not in actions:
        messages.error(request, _("Nominations are closed: candidacies can no longer change."))
        return redirect(election.get_absolute_url())
    if request.method == "POST":
        try:
            services.candidacy_withdraw(actor=request.user, candidacy=candidacy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your candidacy is withdrawn."))
        return redirect(election.get_absolute_url())
    return render(request, "vinculacion/withdraw.html", {"election": election})


@login_required
def election_create(request, slug: str):
    mesa = get_object_or_404(Mesa, slug=slug)
    if not permissions.can_create_election(request.user, mesa):
        raise PermissionDenied
    form = forms.ElectionForm(request.POST or None, mesa=mesa)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(actor=request.user, mesa=mesa, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The election is announced."))
            return redirect("vinculacion:election_manage", pk=election.pk)
    return render(
        request,
        "vinculacion/election_form.html",
        {"mesa": mesa, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def election_manage(request, pk: int):
    election = _election(pk)
    if not permissions.can_manage_election(request.user, election):
        raise PermissionDenied
    actions = permissions.election_actions(request.user, election)
    steps = [a for a in ElectionAction if a in actions and a in services.elections.STEPS]
    return render(
        request,
        "vinculacion/election_manage.html",
        {
            "election": election,
            "steps": steps,
            "electorate": election.electorate.count(),
            "voted": election.vote_records.count(),
            "candidacies": selectors.standing_candidacies(election),
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def election_step(request, pk: int):
    election = _election(pk)
    if not permissions.can_manage_election(request.user, election):
        raise PermissionDenied
    form = forms.StepForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Unknown step."))
        services.election_step(
            actor=request.user, election=election, action=form.cleaned_data["action"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("vinculacion:election_manage", pk=election.pk)


@login_required
def step_down(request, pk: int):
    mandate = get_object_or_404(Mandate.objects.select_related("seat", "seat__mesa"), pk=pk)
    if not permissions.can_step_down(request.user, mandate):
        raise PermissionDenied
    if request.method == "POST":
        services.mandate_step_down(actor=request.user, mandate=mandate)
        messages.success(
            request,
            _(
                "You have stepped down. The seat is offered to the next-ranked candidate who "
                "keeps parity, or the mesa holds a by-election."
            ),
        )
        return redirect("vinculacion:linking_table")
    return render(request, "vinculacion/step_down.html", {"mandate": mandate})


@login_required
def offer_answer(request, pk: int):
    offer = get_object_or_404(
        SeatOffer.objects.select_related("vacated__seat__mesa", "candidacy__election"), pk=pk
    )
    if offer.candidacy.user_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("decision") in {"accept", "decline"}:
        try:
            services.offer_answer(
                actor=request.user, offer=offer, accept=request.POST["decision"] == "accept"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("vinculacion:linking_table")
    return render(
        request,
        "vinculacion/offer.html",
        {"offer": offer, "can_answer": permissions.can_answer_offer(request.user, offer)},
    )


@login_required
def designation_create(request):
    if not permissions.can_designate_agencies(request.user):
        raise PermissionDenied
    form = forms.DesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agency_designation_record(
                actor=request.user,
                agencies=[data["agency_1"], data["agency_2"]],
                volunteers=list(data["volunteers"]),
                agreed_on=data["agreed_on"],
                agreed_at=data["agreed_at"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The designation is recorded."))
            return redirect("vinculacion:linking_table")
    return render(
        request,
        "vinculacion/designation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _strategy(request, pk: int) -> IntegratedStrategy:
    """The strategy if the viewer may see it; a draft is a 404 for everyone else (its
    existence is not disclosed)."""
    strategy = get_object_or_404(IntegratedStrategy.objects.prefetch_related("mesas"), pk=pk)
    if not permissions.can_view_strategy(request.user, strategy):
        raise Http404
    return strategy


def strategy_detail(request, pk: int):
    strategy = _strategy(request, pk)
    return render(
        request,
        "vinculacion/strategy_detail.html",
        {"strategy": strategy, "can_edit": permissions.can_write_strategies(request.user)},
    )


def _strategy_form(request, strategy: IntegratedStrategy | None):
    if not permissions.can_write_strategies(request.user):
        raise PermissionDenied
    initial = {}
    if strategy is not None:
        initial = {
            "title": strategy.title,
            "text": strategy.text,
            "mesas": list(strategy.mesas.all()),
            "state": strategy.state,
        }
    form = forms.StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"title": data["title"], "text": data["text"], "mesas": data["mesas"]}
        try:
            if strategy is None:
                strategy = services.strategy_create(
                    actor=request.user, state=data["state"], **fields
                )
            else:
                strategy = services.strategy_update(
                    actor=request.user, strategy=strategy, state=data["state"], **fields
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect(strategy.get_absolute_url())
    return render(
        request,
        "vinculacion/strategy_form.html",
        {"form": form, "strategy": strategy},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def strategy_create(request):
    return _strategy_form(request, None)


@login_required
def strategy_edit(request, pk: int):
    return _strategy_form(request, _strategy(request, pk))
