"""Input shapes of inputs, consultations, recommendations and indicators. Business rules (dates,
addressees, year ranges, who may act) are in services/; these forms only parse and label."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Country, Language, Objective

from .forms import BaseForm, DateTimeLocalInput, _objectives_field
from .models import (
    Direction,
    DraftKind,
    FollowUpTrack,
    ImplementationStatus,
    InputStatus,
    Meeting,
    MeetingStatus,
    RecommendationKind,
    ResponseStatus,
    SourceKind,
)
from .selectors_outputs import input_bodies

DATE = forms.DateInput(attrs={"type": "date"})


class InputForm(BaseForm):
    body = forms.ModelChoiceField(label=_("To"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Your input (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Headings with #, lists with -, links as [text](https://…)."),
    )
    file = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_("PDF, DOCX or ODT, at most 10 MB."),
    )
    may_publish = forms.BooleanField(
        label=_("It may be published on the portal once the coordinators have received it"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = input_bodies()
        self.fields["objectives"] = _objectives_field()


class InputFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + InputStatus.choices, required=False
    )
    objective = forms.ModelChoiceField(
        label=_("GCM objective"),
        queryset=Objective.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # fits 360 px despite the long objective titles
            field.widget.attrs["class"] = "form-select"


class InputLinkForm(BaseForm):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)
    consultation = forms.ModelChoiceField(label=_("Consultation"), queryset=None, required=False)
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"), queryset=None, required=False
    )

    def __init__(self, *args, body, **kwargs):
        from .models import AgendaItem, Consultation, Recommendation

        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting__body=body
        ).select_related("meeting")
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.meeting.title} — {i.title}"
        self.fields["consultation"].queryset = Consultation.objects.filter(body=body)
        self.fields["recommendation"].queryset = Recommendation.objects.filter(body=body)


def _lines(value: str) -> list[str]:
    return [line.strip()[:200] for line in (value or "").splitlines() if line.strip()]


class RecommendationForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecommendationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 12}))
    language = forms.ChoiceField(label=_("Language of the text"), choices=Language.choices)
    sdg_targets = forms.CharField(label=_("SDG targets (optional)"), max_length=200, required=False)
    countries = forms.ModelMultipleChoiceField(
        label=_("Governments addressed"),
        queryset=Country.objects.exclude(code=Country.OUTSIDE_CODE),
        required=False,
    )
    other_actors = forms.CharField(
        label=_("Other actors addressed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    response_due_on = forms.DateField(label=_("Response due on"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"] = _objectives_field()

    def addressees(self) -> list[tuple]:
        d = self.cleaned_data
        due = d.get("response_due_on")
        return [(c, "", due) for c in d["countries"]] + [
            (None, a, due) for a in _lines(d.get("other_actors", ""))
        ]


class AdoptForm(BaseForm):
    meeting = forms.ModelChoiceField(label=_("Adopted at the meeting"), queryset=None)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            body=body, status=MeetingStatus.SCHEDULED
        ).order_by("-starts_at")


class TranslationForm(BaseForm):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 10}))


class FollowUpForm(BaseForm):
    track = forms.ChoiceField(
        label=_("Track"),
        choices=[
            (FollowUpTrack.RESPONSE, FollowUpTrack.RESPONSE.label),
            (FollowUpTrack.IMPLEMENTATION, FollowUpTrack.IMPLEMENTATION.label),
        ],
    )
    addressee = forms.ModelChoiceField(
        label=_("Addressee (for a response)"), queryset=None, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (_("Response"), [c for c in ResponseStatus.choices if c[0] != ResponseStatus.NONE]),
            (_("Implementation"), ImplementationStatus.choices),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    summary = forms.CharField(
        label=_("Summary or evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    source_file = forms.FileField(
        label=_("Document"), required=False, help_text=_("PDF, DOCX or ODT, at most 10 MB.")
    )
    source_meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = recommendation.addressees.select_related("country")
        self.fields["source_meeting"].queryset = Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED
        ).order_by("-starts_at")[:200]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "track": d["track"],
            "addressee": d.get("addressee"),
            "status": d["status"],
            "on": d.get("on"),
            "summary": d.get("summary", ""),
            "source_kind": d["source_kind"],
            "source_url": d.get("source_url", ""),
            "upload": d.get("source_file"),
            "source_meeting": d.get("source_meeting"),
        }


class RecommendationFilterForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), required=False)
    objective = forms.TypedChoiceField(
        label=_("GCM objective"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Addressee country"), required=False)
    response = forms.ChoiceField(
        label=_("Response"), choices=[("", _("All"))] + ResponseStatus.choices, required=False
    )
    implementation = forms.ChoiceField(
        label=_("Implementation"),
        choices=[("", _("All"))] + ImplementationStatus.choices,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("All"))] + [(b.slug, b.name) for b in input_bodies()]
        self.fields["objective"].choices = [("", _("All"))] + [
            (o.number, f"{o.number}. {o.title}") for o in Objective.objects.order_by("number")
        ]
        self.fields["country"].choices = [("", _("All"))] + [
            (c.code, c.name) for c in Country.objects.exclude(code=Country.OUTSIDE_CODE)
        ]
        # Bootstrap's form-select caps a select at its container: the long objective titles
        # made /recommendations/ 1329 px wide at 360 px.
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class IndicatorForm(BaseForm):
    slug = forms.SlugField(label=_("Address"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=14, decimal_places=2)
    baseline_period = forms.IntegerField(label=_("Baseline year"), min_value=1990, max_value=2100)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    target_period = forms.IntegerField(label=_("Target year"), min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"] = _objectives_field()


class MeasurementForm(BaseForm):
    period = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(
        label=_("Link to the source"), required=False, assume_scheme="https"
    )


class MeasurementCorrectionForm(BaseForm):
    value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(
        label=_("Link to the source"), required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("Why it is corrected"), max_length=300)


class ConsultationForm(BaseForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of draft"), choices=DraftKind.choices)
    text = forms.CharField(
        label=_("Draft (Markdown; paragraphs separated by a blank line)"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, body, **kwargs):
        from .models import Recommendation

        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = Recommendation.objects.filter(body=body)


class ConsultationCommentForm(BaseForm):
    paragraph = forms.IntegerField(
        label=_("Paragraph (empty: the whole draft)"), required=False, min_value=1
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationAnswerForm(BaseForm):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    taken_into_account = forms.BooleanField(label=_("Taken into account"), required=False)


class DraftRevisionForm(BaseForm):
    text = forms.CharField(label=_("New version"), widget=forms.Textarea(attrs={"rows": 12}))
    note = forms.CharField(label=_("What changed"), max_length=300)


class DialogueForm(BaseForm):
    countries = forms.ModelMultipleChoiceField(
        label=_("Participating governments"),
        queryset=Country.objects.exclude(code=Country.OUTSIDE_CODE),
        required=False,
    )
    other_actors = forms.CharField(
        label=_("Other participating actors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
