import re
import zoneinfo

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .permissions import requires_mfa


class UserTimezoneMiddleware:
    """Show dates in the viewer's time zone (profile setting; §2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        tz_name = getattr(user, "time_zone", None) if user and user.is_authenticated else None
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """GT-SC staff and admins cannot reach any page (the Django admin included) until they have
    enrolled a TOTP authenticator. Account pages (MFA setup, logout) stay reachable."""

    ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/")
    # Only the account pages themselves (/<lang>/accounts/…), not any path that merely contains
    # "/accounts/" (e.g. /admin/core/user/1/accounts/change/).
    ACCOUNT_PAGES = re.compile(
        r"^/(?:{})/accounts/".format("|".join(re.escape(code) for code, _n in settings.LANGUAGES))
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is not None
            and user.is_authenticated
            and not path.startswith(self.ALLOWED_PREFIXES)
            and not self.ACCOUNT_PAGES.match(path)
            and requires_mfa(user)
            and not user_has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)


class RequestHygieneMiddleware:
    """Two rules for every request (issue 11, finding 8):

    - A NUL byte anywhere in the path, a query parameter or a form field is refused with a 400
      page before any view sees it (PostgreSQL cannot store it; views used to answer 500).
    - Answers to signed-in people are `Cache-Control: private, no-store` unless the view chose a
      policy itself: their pages carry personal data (own answers, other people's e-mails,
      exports) that must not stay in a shared phone's cache or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    # A body Django cannot parse raises here and Django answers 400 itself.
    queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for query in queries:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False
