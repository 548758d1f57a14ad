"""Helpers the communication services share: permission check, Markdown, search index."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from mesas.markup import render_markdown

from ..selectors import SEARCH_CONFIGS

MAX_TEXT = 20_000
EMAIL_PREFIX = "communication/email/"


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this here."))


def markdown_html(text: str) -> str:
    return render_markdown(text)


def post_index(post_ids: list[int]) -> None:
    """Write the posts' full-text vectors: thread title and text, unaccented, in the four
    languages (PostgreSQL; on SQLite search falls back to a plain match and needs none)."""
    if connection.vendor != "postgresql" or not post_ids:
        return
    vectors = " || ".join(
        f"to_tsvector('pg_catalog.{config}', unaccent(t.title || ' ' || p.text))"
        for config in SEARCH_CONFIGS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE communication_post p SET search_vector = {vectors} "  # noqa: S608 - constants  # nosec B608
            "FROM communication_thread t WHERE t.id = p.thread_id AND p.id = ANY(%s)",
            [list(post_ids)],
        )
