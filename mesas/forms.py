"""Input shapes and messages for the meetings pages. Business rules (end after start, no past
dates, who may act) live in services/; forms only parse."""

import datetime
import zoneinfo

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective, _time_zone_choices
from mecanismo.core.validators import validate_portal_date

from .models import Modality, SpeakerRole
from .services.meetings import meeting_modality_check


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _speaker_lines(value: str) -> list[tuple[str, str]]:
    rows = []
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        name, _sep, affiliation = line.partition(",")
        rows.append((name.strip()[:200], affiliation.strip()[:200]))
    return rows


class MeetingForm(BaseForm):
    """Start and end are typed in the meeting's own time zone (local wall-clock time)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        validators=[validate_portal_date],
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        validators=[validate_portal_date],
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the meeting"), choices=_time_zone_choices, initial="America/Panama"
    )
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to invited people and those who replied."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    is_open = forms.BooleanField(label=_("Open session (every member is invited)"), required=False)
    is_public = forms.BooleanField(
        label=_("Public (listed in the public calendar)"), required=False, initial=True
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name, affiliation."),
    )
    panelists = forms.CharField(
        label=_("Panelists"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name, affiliation."),
    )
    recorded_afterwards = forms.BooleanField(
        label=_("Record a meeting that already took place"),
        required=False,
        help_text=_(
            "For a meeting held but not entered before: it may start in the past, and nobody "
            "is invited or reminded by e-mail."
        ),
    )

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            # An existing meeting is moved or corrected, never re-created in the past.
            del self.fields["recorded_afterwards"]

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                value = data.get(name)
                if isinstance(value, datetime.datetime):
                    data[name] = value.replace(tzinfo=None).replace(tzinfo=zone)
        if data.get("modality"):
            try:
                meeting_modality_check(
                    modality=data["modality"],
                    place=data.get("place", ""),
                    video_link=data.get("video_link", ""),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        speakers = [(n, a, SpeakerRole.SPEAKER) for n, a in _speaker_lines(d["speakers"])]
        speakers += [(n, a, SpeakerRole.PANELIST) for n, a in _speaker_lines(d["panelists"])]
        kwargs = {
            "title": d["title"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "time_zone": d["time_zone"],
            "modality": d["modality"],
            "place": d["place"],
            "video_link": d["video_link"],
            "description": d["description"],
            "is_open": d["is_open"],
            "is_public": d["is_public"],
            "speakers": speakers,
        }
        if "recorded_afterwards" in self.fields:
            kwargs["recorded_afterwards"] = d["recorded_afterwards"]
        return kwargs

    @classmethod
    def initial_for(cls, meeting) -> dict:
        def lines(role):
            return "\n".join(
                ", ".join(filter(None, [s.name, s.affiliation]))
                for s in meeting.speakers.all()
                if s.role == role
            )

        return {
            "title": meeting.title,
            "starts_at": meeting.local_start.replace(tzinfo=None),
            "ends_at": meeting.local_end.replace(tzinfo=None),
            "time_zone": meeting.time_zone,
            "modality": meeting.modality,
            "place": meeting.place,
            "video_link": meeting.video_link,
            "description": meeting.description,
            "is_open": meeting.is_open,
            "is_public": meeting.is_public,
            "speakers": lines(SpeakerRole.SPEAKER),
            "panelists": lines(SpeakerRole.PANELIST),
        }


class CancelForm(BaseForm):
    reason = forms.CharField(label=_("Reason (sent to the invitees)"), widget=forms.Textarea)


def _objectives_field(mesa_id=None):
    """The 23 GCM objectives, the meeting's mesa's own first (then the others by number)."""
    field = forms.ModelMultipleChoiceField(
        label=_("GCM objectives"),
        queryset=Objective.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    if mesa_id is not None:
        field.queryset = Objective.objects.order_by(
            models.Case(models.When(mesa_id=mesa_id, then=0), default=1), "number"
        )
        field.help_text = _("The objectives this mesa follows come first.")
    return field


class AgendaItemForm(BaseForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)

    def __init__(self, *args, mesa_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"] = _objectives_field(mesa_id)

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "presenter": item.presenter,
            "objectives": list(item.objectives.all()),
        }


class ProposalForm(BaseForm):
    title = forms.CharField(label=_("Proposed item"), max_length=300)
    description = forms.CharField(
        label=_("Why it should be discussed"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, mesa_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"] = _objectives_field(mesa_id)


class DocumentForm(BaseForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX or ODT, at most 10 MB."))


class DecisionForm(BaseForm):
    reason = forms.CharField(
        label=_("Reason (required to decline)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RsvpForm(BaseForm):
    """The replies the meeting's modality allows (no "in person" for a virtual meeting)."""

    response = forms.ChoiceField(label=_("Your reply"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = meeting.rsvp_choices


def attendance_marks_from(data) -> dict[int, str]:
    """Every posted `a-<invitation id>` value of the attendance page, also ids not on the list
    (the service refuses them)."""
    marks = {}
    for key, value in data.items():
        ident = key[2:]
        if key.startswith("a-") and ident.isascii() and ident.isdigit():
            marks[int(ident)] = value
        elif key.startswith("a-"):
            marks[-1] = value  # not an id (e.g. "a-²"): the service refuses the form
    return marks


class AgreementForm(BaseForm):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 2}))


class CompactSelect(forms.Select):
    """A select whose options are joined in one pass instead of one template per option: the
    owner list of a 500-person meeting renders in a millisecond and a few kilobytes (§10)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(v), " selected" if str(v) == selected else "", label)
                for v, label in self.choices
            ),
        )
        extra = format_html_join("", ' {}="{}"', attrs.items())
        return format_html('<select name="{}"{}>{}</select>', name, extra, options)


class OwnerField(forms.ModelChoiceField):
    widget = CompactSelect

    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class ActionItemForm(BaseForm):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = OwnerField(label=_("Owner (invitee)"), queryset=None, required=False)
    owner_name = forms.CharField(label=_("Or owner's name"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_portal_date],
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner_name", _("Name who will do it."))
        return data


class MinutesForm(BaseForm):
    text = forms.CharField(
        label=_("Minutes (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_("Headings with #, lists with -, links as [text](https://…)."),
    )


class CorrectionForm(MinutesForm):
    note = forms.CharField(label=_("What the correction changes"), max_length=300)
    text = forms.CharField(
        label=_("Corrected minutes (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Headings with #, lists with -, links as [text](https://…)."),
    )


class CommentForm(BaseForm):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class CalendarFilterForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), required=False)
    month = forms.CharField(label=_("From month"), required=False, max_length=7)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("All bodies"))] + [(b.slug, b.name) for b in bodies]
        self.fields["month"].widget = forms.DateInput(attrs={"type": "month"})

    def clean_month(self) -> datetime.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError as exc:
            raise forms.ValidationError(
                _("Give the month as year and month, e.g. 2026-05.")
            ) from exc
        validate_portal_date(month)
        return month

    def month_start(self) -> datetime.date | None:
        """The month asked for, when it is a valid one in the portal's date range."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get("month")
