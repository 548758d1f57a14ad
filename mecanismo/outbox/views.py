from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import categories, services
from .forms import NotificationPreferencesForm
from .preferences import SECTIONS


@login_required
def notification_preferences(request):
    """A member chooses which reminder categories they receive (issue 4; not account mail), and
    whatever the registered sections offer (e.g. the frequency of announcements, issue 14)."""
    disabled = services.notification_categories_disabled(request.user)
    initial = {"enabled": [code for code in categories.SWITCHABLE if code not in disabled]}
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferencesForm(data, initial=initial)
    sections = [(s, s.form(request.user, data)) for s in SECTIONS.values()]
    if data is not None and form.is_valid() and all(f.is_valid() for _s, f in sections):
        with transaction.atomic():
            services.notification_preferences_set(
                user=request.user, enabled=form.cleaned_data["enabled"]
            )
            for section, section_form in sections:
                section.save(request.user, section_form)
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("outbox:preferences")
    always = [c for c in categories.CATEGORIES.values() if not c.switchable and not c.by_frequency]
    switchable = [categories.CATEGORIES[code] for code in categories.SWITCHABLE]
    return render(
        request,
        "outbox/preferences.html",
        {
            "form": form,
            "sections": [{"template": s.template, "form": f} for s, f in sections],
            "always": always,
            "switchable": switchable,
        },
    )
