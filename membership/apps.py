from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from . import aggregates, pending, signals  # noqa: F401  (login and answer receivers; home entries)
