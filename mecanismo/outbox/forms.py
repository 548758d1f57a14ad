from django import forms
from django.utils.translation import gettext_lazy as _

from . import categories


class NotificationPreferencesForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=_("E-mails I want to receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, categories.CATEGORIES[code].label) for code in categories.SWITCHABLE],
        help_text=_("Untick a kind of e-mail to stop receiving it."),
    )
