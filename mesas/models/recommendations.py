"""Recommendations and positions of a mesa or the linking table, addressed to governments and
other actors, and their follow-up on two tracks (§6): the addressee's response and the
implementation, each entry dated with its source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Country, Language, Objective

from .bodies import Body
from .meetings import Meeting


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    POSITION = "position", _("Position")


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    PUBLISHED = "published", _("Published")


class ResponseStatus(models.TextChoices):
    NONE = "none", _("No response yet")
    SUPPORTED = "supported", _("Supported")
    SUPPORTED_IN_PART = "supported_in_part", _("Supported in part")
    NOTED = "noted", _("Noted")
    REJECTED = "rejected", _("Rejected")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIAL = "partial", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class FollowUpTrack(models.TextChoices):
    RESPONSE = "response", _("Response of the addressee")
    IMPLEMENTATION = "implementation", _("Implementation")
    PRESENTED = "presented", _("Presented at a dialogue")


class Recommendation(models.Model):
    """A recommendation or position ('recomendación', 'posicionamiento'): drafted (versions kept),
    adopted at a meeting, then published (page and PDF). `html` is the sanitised `text`.
    `implementation_status` is the latest implementation entry's status (kept by the service)."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("body")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=RecommendationKind.choices,
        default=RecommendationKind.RECOMMENDATION,
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text (Markdown)"))
    html = models.TextField(blank=True, editable=False)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language.choices, default=Language.ES
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="recommendations", verbose_name=_("GCM objectives")
    )
    sdg_targets = models.CharField(_("SDG targets"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    adopted_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_recommendations",
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )
    implementation_status = models.CharField(
        _("implementation"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_at_meeting__isnull=False),
                name="recommendation_adopted_at_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="recommendation_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="recommendation_status_pub")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mesas:recommendation_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == RecommendationStatus.PUBLISHED


class RecommendationVersion(models.Model):
    """The text as it was before each change of a draft (like the minutes' versions)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="one_recommendation_version_number"
            )
        ]

    def __str__(self):
        return f"v{self.number}"


class RecommendationTranslation(models.Model):
    """The text in another of the four languages; published with its own PDF."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text (Markdown)"))
    html = models.TextField(blank=True, editable=False)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.recommendation_id} {self.language}"


class Addressee(models.Model):
    """A government (country) or another actor the recommendation is addressed to, with the date
    its response is due. `response_status` is the latest response entry's status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="addressees"
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addressed_recommendations",
        verbose_name=_("country"),
    )
    actor = models.CharField(_("other actor"), max_length=200, blank=True)
    response_due_on = models.DateField(_("response due on"), null=True, blank=True)
    response_status = models.CharField(
        _("response"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.NONE
    )

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) | ~Q(actor=""), name="addressee_country_or_actor"
            ),
            models.UniqueConstraint(
                fields=["recommendation", "country"],
                condition=Q(country__isnull=False),
                name="one_addressee_per_country",
            ),
        ]
        indexes = [models.Index(fields=["response_status", "response_due_on"])]

    def __str__(self):
        return self.country.name if self.country_id else self.actor

    @property
    def is_overdue(self) -> bool:
        return (
            self.response_status == ResponseStatus.NONE
            and self.response_due_on is not None
            and self.response_due_on < timezone.localdate()
        )


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    MEETING = "meeting", _("Meeting")


class FollowUp(models.Model):
    """One dated entry on a follow-up track. `status` holds a ResponseStatus for the response
    track, an ImplementationStatus for the implementation track, and is empty for 'presented'."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    track = models.CharField(_("track"), max_length=16, choices=FollowUpTrack.choices)
    addressee = models.ForeignKey(
        Addressee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("addressee"),
    )
    status = models.CharField(_("status"), max_length=20, blank=True)
    on = models.DateField(_("date"))
    summary = models.TextField(_("summary or evidence"), blank=True)
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    source_url = models.URLField(_("link"), blank=True)
    source_file = models.FileField(
        _("document"), upload_to="recommendations/follow-up/", blank=True
    )
    source_file_kind = models.CharField(max_length=8, blank=True)
    source_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(track="response") | Q(addressee__isnull=False),
                name="response_has_addressee",
            )
        ]

    def __str__(self):
        return f"{self.track} {self.on}"

    @property
    def status_label(self) -> str:
        choices = {
            FollowUpTrack.RESPONSE: ResponseStatus,
            FollowUpTrack.IMPLEMENTATION: ImplementationStatus,
        }.get(self.track)
        if choices is None or not self.status:
            return ""
        return str(choices(self.status).label)
