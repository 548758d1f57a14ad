from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .collation import collation_key
from .models import User
from .timezones import regional_time_zone_choices, zone_country


class CollatedChoiceIterator(ModelChoiceIterator):
    """Options sorted by their label in the page's language (México before Montserrat)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = [(self.field.label_from_instance(obj), obj) for obj in self.queryset]
        rows.sort(key=lambda row: collation_key(row[0]))
        for _label, obj in rows:
            yield self.choice(obj)


class CollatedChoicesMixin:
    """For a ModelChoiceField (or a django-filter one) whose options people scan by name."""

    iterator = CollatedChoiceIterator


class CollatedModelChoiceField(CollatedChoicesMixin, forms.ModelChoiceField):
    pass


class LanguageSelect(forms.Select):
    """Each language is named in itself ("Français"); its option says so (`lang`, WCAG 3.1.2)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option


class UserSettingsForm(forms.ModelForm):
    """`country`: a country code whose zones (then its region's) are listed first; by default
    the country of the person's current zone."""

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        code = country or zone_country(self.instance.time_zone or "")
        self.fields["time_zone"].choices = regional_time_zone_choices(code)

    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone"]
        widgets = {"language": LanguageSelect}
        help_texts = {
            "language": _("Pages and e-mails from the portal use this language."),
            "time_zone": _("Dates and times of meetings are shown in this time zone."),
        }
