from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MesasConfig(AppConfig):
    name = "mesas"
    verbose_name = _("Mesas and meetings")

    def ready(self):
        from . import pending, signals  # noqa: F401  (invitations; entries of the home)
