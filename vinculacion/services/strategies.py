"""Integrated strategies of the linking table (§5): titled Markdown documents about the mesas
they concern, written and published by the linking table's members."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from mesas.markup import render_markdown

from .. import permissions
from ..models import IntegratedStrategy, StrategyState
from ._common import refuse, require

MAX_TITLE = 200
MAX_TEXT = 50_000


def _check(*, title: str, text: str, mesas: list, state: str) -> None:
    if not title.strip():
        refuse(_("Give the strategy a title."))
    if len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        refuse(_("The title or the text is too long."))
    if not text.strip():
        refuse(_("Write the text of the strategy."))
    if not mesas:
        refuse(_("Choose at least one mesa the strategy concerns."))
    if state not in StrategyState.values:
        refuse(_("Unknown state."))


@transaction.atomic
def strategy_create(
    *, actor, title: str, text: str, mesas: Iterable, state: str = StrategyState.DRAFT
) -> IntegratedStrategy:
    """A new integrated strategy, as a draft or published at once. Linking-table members only."""
    require(permissions.can_write_strategies(actor))
    mesas = list(mesas)
    _check(title=title, text=text, mesas=mesas, state=state)
    now = timezone.now()
    strategy = IntegratedStrategy.objects.create(
        title=title.strip(),
        text=text,
        html=render_markdown(text),
        state=state,
        created_by=actor,
        created_at=now,
        updated_at=now,
        published_at=now if state == StrategyState.PUBLISHED else None,
    )
    strategy.mesas.set(mesas)
    audit_record(actor=actor, action="integrated_strategy.created", target=strategy, state=state)
    return strategy


@transaction.atomic
def strategy_update(
    *, actor, strategy: IntegratedStrategy, title: str, text: str, mesas: Iterable, state: str
) -> IntegratedStrategy:
    """Edit a strategy (title, text, mesas) and move it between draft and published. The first
    publication date is kept when a published strategy goes back to draft and out again."""
    require(permissions.can_write_strategies(actor))
    strategy = IntegratedStrategy.objects.select_for_update(of=("self",)).get(pk=strategy.pk)
    mesas = list(mesas)
    _check(title=title, text=text, mesas=mesas, state=state)
    was = strategy.state
    strategy.title, strategy.text, strategy.html = title.strip(), text, render_markdown(text)
    strategy.state = state
    strategy.updated_at = timezone.now()
    if state == StrategyState.PUBLISHED and strategy.published_at is None:
        strategy.published_at = strategy.updated_at
    strategy.save()
    strategy.mesas.set(mesas)
    action = "integrated_strategy.updated"
    if was != state:
        action = (
            "integrated_strategy.published"
            if state == StrategyState.PUBLISHED
            else "integrated_strategy.unpublished"
        )
    audit_record(actor=actor, action=action, target=strategy)
    return strategy
