"""Input shapes of the communication pages. Business rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective
from mecanismo.outbox.preferences import Section

from .models import Category, Frequency, Visibility


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, Word (DOCX) or OpenDocument (ODT), at most 10 MB."),
    )
    mechanism_wide = forms.BooleanField(
        label=_("Send to the whole mechanism, not only to this body's members"), required=False
    )

    def __init__(self, *args, allow_wide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_wide:
            del self.fields["mechanism_wide"]


def _objective_choices():
    return [(o.pk, str(o)) for o in Objective.objects.order_by("number")]


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    objectives = forms.TypedMultipleChoiceField(
        label=_("GCM objectives"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].choices = _objective_choices()


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the discussions"), max_length=200, min_length=2)


class FrequencyForm(forms.Form):
    """How often each kind of communication mail arrives (issue 14), on the outbox's page."""

    def __init__(self, *args, initial_frequencies: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            # Not required: a form that leaves a category out keeps its current frequency.
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                required=False,
                choices=Frequency.choices,
                initial=(initial_frequencies or {}).get(category.value, Frequency.IMMEDIATELY),
            )


def frequency_section() -> Section:
    from . import services

    def build(user, data):
        return FrequencyForm(
            data, prefix="frequency", initial_frequencies=services.frequencies_for(user)
        )

    def save(user, form):
        chosen = {code: value for code, value in form.cleaned_data.items() if value}
        services.frequencies_set(user=user, frequencies=chosen)

    return Section(
        code="communication",
        template="communication/includes/frequency_section.html",
        form=build,
        save=save,
    )
