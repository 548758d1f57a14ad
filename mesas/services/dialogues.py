"""Dialogues with governments and other actors (§6): who took part, the outcome, the
recommendations presented (each one a follow-up entry with the meeting as its source), and an
agenda started from the unanswered recommendations addressed to the participants."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record

from .. import permissions
from .. import selectors_outputs as sel
from ..models import (
    AgendaItem,
    BodyKind,
    Dialogue,
    DialoguePresentation,
    FollowUpTrack,
    Meeting,
    Recommendation,
    SourceKind,
)
from ._common import _require
from .follow_up import follow_up_record


def _check(actor, meeting: Meeting) -> None:
    _require(permissions.can_manage_meeting(actor, meeting))
    if meeting.body.kind != BodyKind.DIALOGUE:
        raise ValidationError(_("Only meetings of the dialogues body are dialogues."))


@transaction.atomic
def dialogue_record(
    *, actor: User, meeting: Meeting, countries: Iterable = (), other_actors: str = "", outcome=""
) -> Dialogue:
    """Create or update the dialogue of a meeting of the dialogues body."""
    _check(actor, meeting)
    dialogue, _created = Dialogue.objects.get_or_create(meeting=meeting)
    dialogue.other_actors = other_actors
    dialogue.outcome = outcome
    dialogue.updated_at = timezone.now()
    dialogue.save()
    dialogue.countries.set(countries)
    audit_record(actor=actor, action="dialogue.record", target=dialogue)
    return dialogue


@transaction.atomic
def dialogue_agenda_start(*, actor: User, dialogue: Dialogue) -> int:
    """Add one agenda item per unanswered recommendation addressed to the participating
    governments (overdue first), skipping those already on the agenda."""
    meeting = dialogue.meeting
    _check(actor, meeting)
    Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).first()
    existing = set(meeting.agenda_items.values_list("title", flat=True))
    position = meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0
    added = 0
    for rec in sel.dialogue_candidates(dialogue):
        if rec.title in existing:
            continue
        position += 1
        item = AgendaItem.objects.create(meeting=meeting, position=position, title=rec.title)
        item.objectives.set(rec.objectives.all())
        added += 1
    return added


@transaction.atomic
def dialogue_present(*, actor: User, dialogue: Dialogue, rec: Recommendation):
    """A recommendation presented at a dialogue that has taken place: a follow-up entry dated the
    day of the meeting, with the meeting as source."""
    meeting = dialogue.meeting
    _check(actor, meeting)
    if not meeting.has_started:
        raise ValidationError(_("The dialogue has not taken place yet."))
    try:
        with transaction.atomic():
            presentation = DialoguePresentation.objects.create(
                dialogue=dialogue, recommendation=rec, presented_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError(_("This recommendation was already presented here.")) from exc
    presentation.follow_up = follow_up_record(
        actor=actor,
        rec=rec,
        track=FollowUpTrack.PRESENTED,
        on=meeting.local_start.date(),
        summary=meeting.title,
        source_kind=SourceKind.MEETING,
        source_meeting=meeting,
        check_permission=False,
    )
    presentation.save(update_fields=["follow_up"])
    return presentation
