from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("Announcements and discussions")

    def ready(self):
        from mecanismo.outbox import preferences

        from . import forms

        # The frequency of announcements and discussion mail is chosen on the outbox's
        # notification settings page, beside the reminder switches.
        preferences.register_section(forms.frequency_section())
