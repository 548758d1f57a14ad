from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MIDDLEWARE = "membership.middleware.PrivacyReconsentMiddleware"


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from . import signals  # noqa: F401  (connects the login receiver)

        # The re-consent middleware belongs to this app; it is appended here (after the
        # authentication and message middleware) unless settings already list it.
        if MIDDLEWARE not in settings.MIDDLEWARE:
            settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
