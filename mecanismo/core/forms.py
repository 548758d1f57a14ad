from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class LanguageSelect(forms.Select):
    """Each language is named in itself ("Français"); its option says so (`lang`, WCAG 3.1.2)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option


class UserSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone"]
        widgets = {"language": LanguageSelect}
        help_texts = {
            "language": _("Pages and e-mails from the portal use this language."),
            "time_zone": _("Dates and times of meetings are shown in this time zone."),
        }
