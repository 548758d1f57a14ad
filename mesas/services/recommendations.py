"""Recommendations and positions (§6): drafted with versions, adopted at a meeting of the body,
published as a page and a PDF (one per language given), and followed on two tracks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mecanismo.core.models import Country, User
from mecanismo.core.services import audit_record
from mecanismo.documents.services import document_request

from .. import permissions_outputs as perms
from ..markup import render_markdown
from ..models import (
    Addressee,
    Body,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationTranslation,
    RecommendationVersion,
)

PDF_BUILDER = "mesas.documents_outputs.recommendation_pdf"


def key_recommendation_pdf(rec: Recommendation, language: str) -> str:
    return f"recommendation:{rec.pk}:v{rec.version}:{language}"


def _check_manage(actor, body: Body) -> None:
    if not perms.can_manage_recommendation(actor, body):
        raise PermissionDenied(_("You do not coordinate this body."))


def _set_addressees(rec: Recommendation, addressees: Iterable[tuple]) -> None:
    """Replace the addressees: (country or None, other actor's name, response due date)."""
    rows, seen = [], set()
    for country, actor_name, due_on in addressees:
        actor_name = (actor_name or "").strip()[:200]
        if country is None and not actor_name:
            continue
        if country is not None and country.pk in seen:
            raise ValidationError({"countries": _("Each country can be named only once.")})
        if country is not None:
            seen.add(country.pk)
        rows.append(
            Addressee(
                recommendation=rec,
                country=country,
                actor="" if country is not None else actor_name,
                response_due_on=due_on,
            )
        )
    if not rows:
        raise ValidationError(
            {"countries": _("Address the recommendation to a government or another actor.")}
        )
    rec.addressees.all().delete()
    Addressee.objects.bulk_create(rows)


def addressee_rows(countries: Iterable[Country], actors: Iterable[str], due_on) -> list[tuple]:
    return [(c, "", due_on) for c in countries] + [(None, a, due_on) for a in actors if a.strip()]


@transaction.atomic
def recommendation_create(
    *,
    actor: User,
    body: Body,
    title: str,
    text: str,
    kind: str = "recommendation",
    language: str = "es",
    objectives: Iterable = (),
    sdg_targets: str = "",
    addressees: Iterable[tuple] = (),
) -> Recommendation:
    _check_manage(actor, body)
    rec = Recommendation.objects.create(
        body=body,
        kind=kind,
        title=title,
        text=text,
        html=render_markdown(text),
        language=language,
        sdg_targets=sdg_targets,
        created_by=actor,
    )
    rec.objectives.set(objectives)
    _set_addressees(rec, addressees)
    audit_record(actor=actor, action="recommendation.create", target=rec)
    return rec


@transaction.atomic
def recommendation_update(
    *,
    actor: User,
    rec: Recommendation,
    title: str,
    text: str,
    objectives: Iterable = (),
    sdg_targets: str = "",
    addressees: Iterable[tuple] | None = None,
) -> Recommendation:
    """A draft changes; the text as it was is kept as a version (nothing is lost)."""
    rec = Recommendation.objects.select_for_update(of=("self",)).get(pk=rec.pk)
    _check_manage(actor, rec.body)
    if rec.status != RecommendationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    if (title, text) != (rec.title, rec.text):
        RecommendationVersion.objects.create(
            recommendation=rec,
            number=rec.version,
            title=rec.title,
            text=rec.text,
            html=rec.html,
            created_by=actor,
        )
        rec.version += 1
    rec.title, rec.text, rec.html = title, text, render_markdown(text)
    rec.sdg_targets = sdg_targets
    rec.save()
    rec.objectives.set(objectives)
    if addressees is not None:
        _set_addressees(rec, addressees)
    return rec


@transaction.atomic
def recommendation_translate(
    *, actor: User, rec: Recommendation, language: str, title: str, text: str
) -> RecommendationTranslation:
    """The text in another language. Once published, its PDF is requested at once."""
    _check_manage(actor, rec.body)
    if language == rec.language:
        raise ValidationError({"language": _("This is the language of the original text.")})
    translation, _created = RecommendationTranslation.objects.update_or_create(
        recommendation=rec,
        language=language,
        defaults={"title": title, "text": text, "html": render_markdown(text)},
    )
    if rec.is_published:
        translation.document = _request_pdf(rec, language)
        translation.save(update_fields=["document"])
    return translation


@transaction.atomic
def recommendation_adopt(*, actor: User, rec: Recommendation, meeting: Meeting) -> Recommendation:
    """Adopted at a meeting of its body that has taken place (linked to it and its minutes)."""
    rec = Recommendation.objects.select_for_update(of=("self",)).get(pk=rec.pk)
    _check_manage(actor, rec.body)
    if rec.status != RecommendationStatus.DRAFT:
        raise ValidationError(_("This recommendation was already adopted."))
    if meeting.body_id != rec.body_id or meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError({"meeting": _("Choose a meeting of this body.")})
    if not meeting.has_started:
        raise ValidationError({"meeting": _("The meeting has not taken place yet.")})
    rec.status = RecommendationStatus.ADOPTED
    rec.adopted_at_meeting = meeting
    rec.adopted_on = meeting.local_start.date()
    rec.save()
    audit_record(actor=actor, action="recommendation.adopt", target=rec, meeting_id=meeting.pk)
    return rec


def _request_pdf(rec: Recommendation, language: str):
    name = slugify(rec.title)[:60] or "recommendation"
    return document_request(
        key=key_recommendation_pdf(rec, language),
        builder=PDF_BUILDER,
        params={"recommendation_id": rec.pk, "language": language},
        filename=f"{name}-{language}.pdf",
        public=True,
        language=language,
    )


@transaction.atomic
def recommendation_publish(*, actor: User, rec: Recommendation) -> Recommendation:
    """Publish the page and render the PDFs (original and every translation given)."""
    rec = Recommendation.objects.select_for_update(of=("self",)).get(pk=rec.pk)
    _check_manage(actor, rec.body)
    if rec.status == RecommendationStatus.DRAFT:
        raise ValidationError(_("A recommendation must be adopted at a meeting before publishing."))
    if rec.status == RecommendationStatus.PUBLISHED:
        raise ValidationError(_("This recommendation is already published."))
    rec.status = RecommendationStatus.PUBLISHED
    rec.published_at = timezone.now()
    rec.document = _request_pdf(rec, rec.language)
    rec.save()
    for translation in rec.translations.all():
        translation.document = _request_pdf(rec, translation.language)
        translation.save(update_fields=["document"])
    audit_record(actor=actor, action="recommendation.publish", target=rec)
    return rec


def overdue_addressees(today: datetime.date | None = None):
    """Addressees without a response after their due date (adopted or published only)."""
    from ..models import ResponseStatus

    today = today or timezone.localdate()
    return Addressee.objects.filter(
        response_status=ResponseStatus.NONE,
        response_due_on__lt=today,
        recommendation__status__in=[RecommendationStatus.ADOPTED, RecommendationStatus.PUBLISHED],
    )
