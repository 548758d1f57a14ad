"""Input shapes of the linking table's pages. Rules (eligibility, windows, who may act) are the
services'; forms only parse and say what is missing — except the ballot's "at most two", which
the form states so a third box is a form error, not a silent drop (the service checks it too)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import ActorType, Agency, Mesa

from .models import CANDIDACY_FIELDS, Candidacy, Seat, SeatKind, StrategyState
from .tally import MAX_CHOICES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _when(label):
    return forms.DateTimeField(
        label=label, widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )


def _day(label, required=True, help_text=""):
    return forms.DateField(label=label, widget=DateInput(), required=required, help_text=help_text)


class CrispyMixin:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class ElectionForm(CrispyMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    nominations_open_at = _when(_("Nominations open"))
    nominations_close_at = _when(_("Nominations close"))
    voting_open_at = _when(_("Voting opens"))
    voting_close_at = _when(_("Voting closes"))
    term_starts_on = _day(_("Term starts on"))
    term_ends_on = _day(_("Term ends on"), required=False, help_text=_("Leave empty for one year."))
    by_election_seat = forms.ModelChoiceField(
        label=_("By-election for one seat"),
        queryset=Seat.objects.none(),
        required=False,
        empty_label=_("No: elect both seats"),
    )

    def __init__(self, *args, mesa, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_election_seat"].queryset = Seat.objects.filter(
            kind=SeatKind.MESA, mesa=mesa
        ).select_related("mesa")
        self._helper()

    def clean(self):
        data = super().clean()
        order = ["nominations_open_at", "nominations_close_at", "voting_open_at", "voting_close_at"]
        values = [data.get(k) for k in order]
        if all(values) and not (values[0] < values[1] <= values[2] < values[3]):
            raise forms.ValidationError(
                _(
                    "The dates must follow each other: nominations open, nominations close, "
                    "voting opens, voting closes."
                )
            )
        return data


class CandidacyForm(CrispyMixin, forms.ModelForm):
    public = forms.BooleanField(
        label=_(
            "I understand that everything in this candidacy — including the gender used for "
            "parity — is public, and separate from my private answers, which stay private."
        ),
    )

    class Meta:
        model = Candidacy
        fields = list(CANDIDACY_FIELDS)
        widgets = {
            "network_ties": forms.Textarea(attrs={"rows": 3}),
            "coordination_capacity": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "parity_gender": _("Used only for the gender-parity rule of the tally, and shown."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = ActorType.objects.order_by("sort", "code")
        self._helper()


class BallotForm(CrispyMixin, forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label=_("Approve up to two candidates (none: a blank ballot)"),
        widget=forms.CheckboxSelectMultiple,
        coerce=int,
        required=False,
    )
    email_tracker = forms.BooleanField(
        label=_("Also e-mail me my ballot tracker"),
        required=False,
        help_text=_(
            "The e-mail keeps your tracker next to your address at the mail servers and in the "
            "portal's outbox: anyone reading those could find your ballot. Leave it unticked "
            "and write the tracker down instead, if that matters to you."
        ),
    )

    def __init__(self, *args, candidacies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(c.pk, c.display_name) for c in candidacies]
        self._helper()

    def clean_candidates(self):
        chosen = self.cleaned_data["candidates"]
        if len(chosen) > MAX_CHOICES:
            raise forms.ValidationError(_("Approve at most two candidates."))
        return chosen


class StepForm(forms.Form):
    action = forms.CharField(max_length=32)


class DesignationForm(CrispyMixin, forms.Form):
    agency_1 = forms.ModelChoiceField(label=_("UN-agency seat 1"), queryset=Agency.objects.all())
    agency_2 = forms.ModelChoiceField(label=_("UN-agency seat 2"), queryset=Agency.objects.all())
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Agencies that volunteered"),
        queryset=Agency.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agreed_on = _day(_("Agreed on"))
    agreed_at = forms.CharField(label=_("Meeting or note where it was agreed"), max_length=300)
    starts_on = _day(_("Term starts on"))
    ends_on = _day(_("Term ends on"), required=False, help_text=_("Leave empty for one year."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def clean(self):
        data = super().clean()
        if data.get("agency_1") and data.get("agency_1") == data.get("agency_2"):
            raise forms.ValidationError(_("Designate two different agencies, one per seat."))
        return data


class StrategyForm(CrispyMixin, forms.Form):
    """An integrated strategy: title, Markdown text, the mesas it concerns, draft or published.
    Lengths bounded here and in the service (services.strategies)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=50_000,
        help_text=_("Headings with #, lists with -, links as [text](https://…)."),
    )
    mesas = forms.ModelMultipleChoiceField(
        label=_("Mesas concerned"),
        queryset=Mesa.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one mesa the strategy concerns.")},
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=StrategyState.choices,
        initial=StrategyState.DRAFT,
        widget=forms.RadioSelect,
        help_text=_("A draft is seen by the linking table only; a published strategy by everyone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
