"""Ask again for consent when a newer privacy notice exists (§9).

At login (signal in signals.py) the portal checks whether the person accepted an earlier notice but
not the current one and marks the session; this middleware then sends them to the consent page
until they accept. Reading the session flag costs no query on other pages."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "membership_privacy_reconsent"


class PrivacyReconsentMiddleware:
    ALLOWED = ("/static/", "/media/", "/healthz", "/i18n/", "/admin/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SESSION_KEY)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and "/accounts/" not in request.path
            and "/privacy" not in request.path
        ):
            target = reverse("membership:privacy_consent")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
