from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import categories, services
from .forms import NotificationPreferencesForm


@login_required
def notification_preferences(request):
    """A member chooses which reminder categories they receive (issue 4; not account mail)."""
    disabled = services.notification_categories_disabled(request.user)
    initial = {"enabled": [code for code in categories.SWITCHABLE if code not in disabled]}
    form = NotificationPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(
            user=request.user, enabled=form.cleaned_data["enabled"]
        )
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("outbox:preferences")
    always = [c for c in categories.CATEGORIES.values() if not c.switchable]
    switchable = [categories.CATEGORIES[code] for code in categories.SWITCHABLE]
    return render(
        request,
        "outbox/preferences.html",
        {"form": form, "always": always, "switchable": switchable},
    )
