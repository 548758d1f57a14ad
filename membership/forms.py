"""Input shapes and messages of the membership pages. Business rules live in services/."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mecanismo.core.forms import CollatedModelChoiceField
from mecanismo.core.models import ActorType, Country, Mesa

from .models import Gender, Member, MemberKind
from .services import PROFILE_FIELDS, SENSITIVE_FIELDS, decision_reason_check

COUNTRY_ERRORS = {
    "invalid_choice": _("Unknown country: choose one from the list."),
    "required": _("Choose the country where you are based."),
}


class CountryChoiceField(CollatedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_subregion_display()})"


class PrivacyForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the privacy notice and accept it."),
        error_messages={"required": _("You need to accept the privacy notice to continue.")},
    )


class KindForm(forms.Form):
    CHOICES = [
        ("organisation", _("I register an organisation")),
        ("individual", _("I register myself as an individual (for example, a migrant person)")),
        ("claim", _("My organisation is already registered: I ask to be one of its contacts")),
    ]
    kind = forms.ChoiceField(
        label=_("Who are you registering?"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one option.")},
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    actor_type = forms.ModelChoiceField(
        label=_("Actor type"),
        queryset=ActorType.objects.none(),
        error_messages={"invalid_choice": _("Unknown actor type: choose one from the list.")},
    )
    country = CountryChoiceField(
        label=_("Country where you are based"),
        queryset=Country.objects.all(),
        help_text=_("The subregion is derived from the country."),
        error_messages=COUNTRY_ERRORS,
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_(
            "You are the organisation's contact person: coordinators and other members see "
            "this name, never your e-mail address."
        ),
        error_messages={"required": _("Tell us your name.")},
    )
    position = forms.CharField(
        label=_("Your position in the organisation"), max_length=200, required=False
    )
    works_local = forms.BooleanField(label=_("Works at local level"), required=False)
    works_national = forms.BooleanField(label=_("Works at national level"), required=False)
    works_regional = forms.BooleanField(label=_("Works at regional level"), required=False)
    gathers_networks = forms.BooleanField(
        label=_("Is part of or brings together groups, collectives or networks"), required=False
    )
    description = forms.CharField(
        label=_("Public description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the public directory."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # SPEC §3: the directory lists members who opted in. Asked, never pre-ticked.
    listed_in_directory = forms.TypedChoiceField(
        label=_("Should this profile be listed in the public directory?"),
        choices=[("yes", _("Yes, list it")), ("no", _("No, do not list it"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text=_("The directory shows the name, type, country and description; never e-mails."),
        error_messages={"required": _("Choose whether to list this profile in the directory.")},
    )
    not_a_duplicate = forms.BooleanField(
        label=_("This is a different organisation: register it anyway"), required=False
    )

    def __init__(self, *args, kind: str = "organisation", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["actor_type"].queryset = ActorType.offered_to(
            individual=(kind == MemberKind.INDIVIDUAL)
        )
        listed = self.initial.get("listed_in_directory")
        if isinstance(listed, bool):
            self.initial["listed_in_directory"] = "yes" if listed else "no"
        if kind == MemberKind.INDIVIDUAL:
            self.fields["name"].label = _("Your name")
            del self.fields["contact_name"]
            del self.fields["position"]
            del self.fields["gathers_networks"]
            del self.fields["not_a_duplicate"]
        else:
            self.fields["name"].label = _("Name of the organisation")

    def draft_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["actor_type"] = data["actor_type"].pk
        data["country"] = data["country"].pk
        return data


class MemberEditForm(ProfileForm):
    """The public profile of an existing member, as in registration (same fields, same messages)
    without the registration-only questions. The kind is fixed by the member."""

    PROFILE_FIELDS = PROFILE_FIELDS  # the fields member_update accepts (services)

    def __init__(self, *args, member: Member, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": member.name,
                "actor_type": member.actor_type_id,
                "country": member.country_id,
                **{f: getattr(member, f) for f in self.PROFILE_FIELDS},
            },
        )
        super().__init__(*args, kind=member.kind, **kwargs)
        for name in ("contact_name", "position", "not_a_duplicate"):
            self.fields.pop(name, None)

    def profile_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields}


class AboutYouForm(forms.Form):
    """Optional, self-declared, sensitive answers (§3, §9). Every field says why it is asked."""

    WHO_SEES = _("Nobody sees your answer individually: it is only counted with others.")

    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("No answer"))] + list(Gender.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    migrant_experience = forms.TypedChoiceField(
        label=_("Do you have migrant or refugee experience?"),
        choices=[("", _("No answer")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    indigenous = forms.BooleanField(label=_("Indigenous"), required=False)
    afro_descendant = forms.BooleanField(label=_("Afro-descendant"), required=False)
    lgbtiq = forms.BooleanField(label=_("LGBTIQ+"), required=False)
    disability = forms.BooleanField(label=_("Person with disabilities"), required=False)
    youth = forms.BooleanField(label=_("Youth"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].help_text = _(
            "Asked to show whether women, men and non-binary people take part equally and to "
            "support gender parity. %(who)s"
        ) % {"who": self.WHO_SEES}
        self.fields["migrant_experience"].help_text = _(
            "Asked to know whether migrants themselves have a voice in the mechanism. %(who)s"
        ) % {"who": self.WHO_SEES}
        self.fields["youth"].help_text = _(
            "The groups above are asked to know whether under-represented groups take part. "
            "Mark any that apply, or none. %(who)s"
        ) % {"who": self.WHO_SEES}

    @staticmethod
    def initial_for(declaration) -> dict:
        """The person's stored answers as this form's initial data (yes/no for the tri-state)."""
        if declaration is None:
            return {}
        initial = {f: getattr(declaration, f) for f in SENSITIVE_FIELDS}
        initial["migrant_experience"] = {True: "yes", False: "no"}.get(
            declaration.migrant_experience, ""
        )
        return initial


class ClaimSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Organisations that are not in the public directory are found only by their exact name."
        ),
    )
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        error_messages=COUNTRY_ERRORS,
    )


class ClaimForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.filter(kind="organisation", archived_at__isnull=True),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This organisation does not exist.")},
    )
    full_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    position = forms.CharField(
        label=_("Your position in the organisation"), max_length=200, required=False
    )


class MesaRequestForm(forms.Form):
    mesas = forms.ModelMultipleChoiceField(
        label=_("Mesas you want to join"),
        queryset=Mesa.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one mesa.")},
    )
    motivation = forms.CharField(
        label=_("Why do you want to join? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mesas"].label_from_instance = lambda m: f"{m.short_name} — {m.description}"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve or decline.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you decline; sent to the member."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision"):
            try:
                decision_reason_check(approve=self.approve, reason=data.get("reason", ""))
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class CoordinatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person"))
    mesa = forms.ModelChoiceField(label=_("Mesa"), queryset=Mesa.objects.all())
    agency_co_coordinator = forms.BooleanField(
        label=_("UN-agency co-coordinator (GT-SC staff)"), required=False
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = get_user_model().objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active account with this e-mail."))
        self.user = user
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and cannot be recovered."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class MemberImportForm(forms.Form):
    """A file of existing members (issue 14): CSV (UTF-8) or XLSX, checked by the service."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("At most 5 MB and 5,000 rows. The first row names the columns."),
    )


class InvitationAcceptForm(forms.Form):
    """An imported person sets a password and accepts the privacy notice (issue 14, §9)."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
    )
    password2 = forms.CharField(
        label=_("The password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
    )
    accept = forms.BooleanField(
        label=_("I have read and accept the privacy notice."), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        if not data.get("accept"):
            self.add_error("accept", _("Accept the privacy notice to continue."))
        return data
