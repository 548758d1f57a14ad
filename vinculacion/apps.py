from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VinculacionConfig(AppConfig):
    name = "vinculacion"
    verbose_name = _("Linking table")
