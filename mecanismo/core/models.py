"""Reference data (GCM objectives, mesas, countries, agencies, actor types), accounts, roles,
the privacy notice and the audit log. Shared by every app (STYLE: mecanismo/core)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .timezones import time_zone_choices

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE)[:2]
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


class Translated(models.Model):
    """Fields stored once per language (`name_es`, `name_en`, …) read in the active language."""

    class Meta:
        abstract = True

    def translated(self, field: str, lang: str | None = None) -> str:
        lang = lang or current_language()
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_es", "")


class TranslatedName(Translated):
    """A name stored in the four languages (`name_es` … `name_fr`), read as `.name` in the
    active one."""

    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.translated("name")


def _time_zone_choices():
    """American zones and UTC, labelled in the active language (city and country, from CLDR)."""
    return time_zone_choices()


class Language(models.TextChoices):
    ES = "es", "Español"
    EN = "en", "English"
    PT = "pt", "Português"
    FR = "fr", "Français"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Logs in by e-mail (no username)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ES
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=_time_zone_choices, default="America/Panama"
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The one name other people read (issue 10): the person's name, or a neutral
        placeholder while they have not given one, never their e-mail address (§9). Pages, PDFs,
        e-mails, comment signatures and the header all use it (through `str(user)` too)."""
        return self.full_name or gettext("(name not given)")

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else ""


class Subregion(models.TextChoices):
    CARIBBEAN = "caribbean", _("Caribbean")
    CENTRAL_AMERICA_MEXICO = "central_america_mexico", _("Central America and Mexico")
    SOUTH_AMERICA = "south_america", _("South America")
    OUTSIDE = "outside", _("Outside the region")


class Country(Translated):
    """A LAC state or territory, or the single 'outside the region' entry (code ZZ)."""

    OUTSIDE_CODE = "ZZ"

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    subregion = models.CharField(_("subregion"), max_length=32, choices=Subregion.choices)
    is_territory = models.BooleanField(_("territory"), default=False)
    administered_by = models.CharField(_("administered by"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["name_es"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.translated("name")


class Mesa(TranslatedName):
    """One of the four thematic working tables (mesas de trabajo, §4)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("address"), unique=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_pt = models.TextField(_("description (Portuguese)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    class Meta:
        verbose_name = _("mesa")
        verbose_name_plural = _("mesas")
        ordering = ["number"]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        return self.translated("description")

    @property
    def short_name(self) -> str:
        return f"MR {self.number}"

    def get_absolute_url(self):
        return reverse("mesas:detail", kwargs={"slug": self.slug})


class Objective(Translated):
    """A GCM objective (A/RES/73/195 §16). Belongs to exactly one mesa (§4): a non-null FK."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    verified = models.JSONField(
        _("wording from a source"),
        default=dict,
        blank=True,
        help_text=_("Per language: true when the title was copied from a published source."),
    )
    mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("mesa")
    )

    class Meta:
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=23), name="objective_number_1_23"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return self.translated("title")

    @property
    def title_is_official(self) -> bool:
        return bool(self.verified.get(current_language(), False))

    def get_absolute_url(self):
        return reverse("mesas:objective_detail", kwargs={"number": self.number})


class Agency(TranslatedName):
    """A UN agency of the GT-SC (Civil Society Working Group of the Regional Network)."""

    code = models.SlugField(_("code"), unique=True)
    acronym_es = models.CharField(_("acronym (Spanish)"), max_length=20)
    acronym_en = models.CharField(_("acronym (English)"), max_length=20)
    acronym_pt = models.CharField(_("acronym (Portuguese)"), max_length=20)
    acronym_fr = models.CharField(_("acronym (French)"), max_length=20)

    class Meta:
        verbose_name = _("UN agency")
        verbose_name_plural = _("UN agencies")
        ordering = ["code"]

    def __str__(self):
        return self.acronym

    @property
    def acronym(self) -> str:
        return self.translated("acronym")


class ActorType(TranslatedName):
    """Kinds of members (§3, ToR 'Membresía')."""

    code = models.SlugField(_("code"), unique=True)
    migrant_led = models.BooleanField(
        _("migrant-led"), default=False, help_text=_("Counted as migrant-led in dashboards (§8).")
    )
    for_individuals = models.BooleanField(
        _("for individuals"), default=False, help_text=_("Offered to individual members.")
    )
    for_organisations = models.BooleanField(
        _("for organisations"), default=True, help_text=_("Offered to organisations.")
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name

    def fits(self, *, individual: bool) -> bool:
        """Whether this type is offered to an individual member or to an organisation (§3:
        academia, media and other stakeholders can be either)."""
        return self.for_individuals if individual else self.for_organisations

    @classmethod
    def offered_to(cls, *, individual: bool):
        if individual:
            return cls.objects.filter(for_individuals=True)
        return cls.objects.filter(for_organisations=True)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Mesa coordinator")
    LINKING_TABLE = "linking_table", _("Linking-table member")
    GTSC_STAFF = "gtsc_staff", _("GT-SC staff")


LINKING_TABLE_NOT_ASSIGNED = _(
    "Who sits on the linking table follows the mandates and the UN-agency designations: it is "
    "not assigned by hand."
)


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


class RoleAssignment(models.Model):
    """A role of §1 held by a user. Members are members through their profile (membership app);
    admins are Django superusers. A coordinator row names its mesa; a UN-agency co-coordinator
    (ToR footnote i) is a coordinator row that also names the agency; GT-SC staff name their agency.
    Rows are ended (ends_on), never deleted, so history stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    mesa = models.ForeignKey(
        Mesa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("mesa"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("agency"),
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(mesa__isnull=False),
                name="coordinator_has_mesa",
            ),
            models.CheckConstraint(
                condition=~Q(role="gtsc_staff") | Q(agency__isnull=False),
                name="gtsc_staff_has_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "mesa"],
                condition=Q(ends_on__isnull=True, mesa__isnull=False),
                name="one_open_role_per_user_mesa",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(ends_on__isnull=True, mesa__isnull=True),
                name="one_open_role_per_user_without_mesa",
            ),
        ]
        indexes = [models.Index(fields=["role", "mesa"])]

    def clean(self):
        """The linking table is derived from mandates and agency designations (§5): a new row
        of the old hand-assigned role would do nothing, so it is refused (the admin asks this)."""
        super().clean()
        if self.role == Role.LINKING_TABLE and self.pk is None:
            raise ValidationError({"role": LINKING_TABLE_NOT_ASSIGNED})

    def __str__(self):
        where = f" · {self.mesa.short_name}" if self.mesa_id else ""
        agency = f" · {self.agency}" if self.agency_id else ""
        return f"{self.user} — {self.get_role_display()}{where}{agency}"


class PrivacyNotice(Translated):
    """A version of the privacy notice (§9). Consent records which version a user accepted."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    text_es = models.TextField(_("text (Spanish)"))
    text_en = models.TextField(_("text (English)"))
    text_pt = models.TextField(_("text (Portuguese)"))
    text_fr = models.TextField(_("text (French)"))

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-version"]
        get_latest_by = "version"

    def __str__(self):
        return f"v{self.version}"

    @property
    def text(self) -> str:
        return self.translated("text")

    @classmethod
    def current(cls):
        return cls.objects.order_by("-version").first()


class PrivacyConsent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="one_consent_per_notice")
        ]

    def __str__(self):
        return f"{self.user} — {self.notice}"


class AuditLog(models.Model):
    """Who did what to what, when (§9). Never stores the sensitive values themselves."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
