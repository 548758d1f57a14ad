"""The dashboard's filters (§8: period, mesa, subregion), validated against what may be chosen."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Subregion
from membership.disclosure import quarter_start

from .selectors import quarter_label

FIRST, LAST = date(2000, 1, 1), date(2100, 12, 31)


class FiltersForm(forms.Form):
    # A date rendered as a select of the quarters that have data (set by the view once known).
    quarter = forms.DateField(
        label=_("Period"), required=False, input_formats=["%Y-%m-%d"], widget=forms.Select
    )
    mesa = forms.TypedChoiceField(label=_("Mesa"), required=False, coerce=int, empty_value=None)
    subregion = forms.ChoiceField(label=_("Subregion"), required=False)

    def __init__(self, data, *, mesas, everything: bool):
        super().__init__(data)
        mesa_choices = [(m.pk, m.short_name) for m in mesas]
        if everything:
            mesa_choices.insert(0, ("", _("All mesas")))
        self.fields["mesa"].choices = mesa_choices
        self.fields["subregion"].choices = [("", _("All subregions")), *Subregion.choices]
        for name, field in self.fields.items():
            css = (
                "form-select is-invalid" if self.is_bound and name in self.errors else "form-select"
            )
            field.widget.attrs["class"] = css
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"

    def clean_quarter(self):
        value = self.cleaned_data["quarter"]
        if value is None:
            return None
        if not FIRST <= value <= LAST:
            raise forms.ValidationError(_("Choose a period between 2000 and 2100."))
        return quarter_start(value)

    def offer_quarters(self, quarters) -> None:
        self.fields["quarter"].widget.choices = [("", _("Latest quarter"))] + [
            (q.isoformat(), quarter_label(q)) for q in quarters
        ]
