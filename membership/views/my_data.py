"""My data (§9): view, optional answers, export, deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    AboutYouForm,
    DeleteAccountForm,
)
from ..models import (
    SelfDeclaration,
)
from ._common import _error_text, _posted


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
