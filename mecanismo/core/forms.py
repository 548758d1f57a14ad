from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class UserSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone"]
        help_texts = {
            "language": _("Pages and e-mails from the portal use this language."),
            "time_zone": _("Dates and times of meetings are shown in this time zone."),
        }
