"""Reads of the communication app: pages, e-mails and the home page share them (STYLE). Every
list is pagination-ready and carries what its rows show, so a page costs the same number of
queries with 3 rows or 300 (§10)."""

from __future__ import annotations

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from mecanismo.core.models import Objective
from mesas.models import Body
from mesas.services import default_invitees

from . import permissions
from .models import (
    Announcement,
    CodeOfConduct,
    Notification,
    Post,
    PostReport,
    Thread,
    ThreadVisit,
    Visibility,
)

SEARCH_CONFIGS = ("spanish", "english", "portuguese", "french")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- audiences -------------------------------------------------------------------------------


def body_member_ids(body: Body) -> set[int]:
    """Users who belong to the body: the meetings' audience of mesas (one definition of 'who')."""
    return set(default_invitees(body, is_open=False))


def mechanism_user_ids(body: Body) -> set[int]:
    """Everyone in the mechanism: contact persons of every member, role holders of the body,
    its coordinators (the audience of an open session), plus the body's own members."""
    return set(default_invitees(body, is_open=True)) | body_member_ids(body)


def announcement_audience(announcement: Announcement) -> set[int]:
    if announcement.mechanism_wide:
        return mechanism_user_ids(announcement.body)
    return body_member_ids(announcement.body)


def thread_participant_ids(thread: Thread) -> set[int]:
    """Who takes part in a thread: the authors of its posts (accounts still active)."""
    return set(
        Post.objects.filter(thread=thread, author__is_active=True)
        .values_list("author_id", flat=True)
        .distinct()
    )


# --- bodies ----------------------------------------------------------------------------------


def discussion_bodies() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=permissions.DISCUSSION_KINDS).select_related("mesa")


def user_body_ids(user) -> set[int]:
    """Bodies the user belongs to (seven bodies: one query, then cached rules)."""
    return {b.pk for b in Body.objects.all() if permissions.is_body_member(user, b)}


# --- announcements ---------------------------------------------------------------------------


def body_announcements(body: Body) -> QuerySet[Announcement]:
    return Announcement.objects.filter(body=body).select_related("body", "author")


def announcements_for_user(user) -> QuerySet[Announcement]:
    """What the member's home shows: mechanism-wide notices and those of their bodies."""
    if not permissions.is_in_mechanism(user):
        return Announcement.objects.none()
    return Announcement.objects.filter(
        Q(mechanism_wide=True) | Q(body_id__in=user_body_ids(user))
    ).select_related("body", "author")


# --- discussions -----------------------------------------------------------------------------


def _opening_hidden(thread_ref: str = "pk"):
    """Whether the thread's opening post is hidden (then the whole thread is, for readers)."""
    return Exists(
        Post.objects.filter(thread=OuterRef(thread_ref), is_opening=True, hidden_at__isnull=False)
    )


def body_threads(user, body: Body, *, member: bool, moderator: bool) -> QuerySet[Thread]:
    """Threads of a body for a reader: members-only ones to members, hidden ones to the
    coordinators; each row with `last_seen_at` (the reader's last visit, None if never) and
    `opening_hidden`, and its objectives prefetched."""
    qs = Thread.objects.filter(body=body).annotate(opening_hidden=_opening_hidden())
    if not member:
        qs = qs.filter(visibility=Visibility.PUBLIC)
    if not moderator:
        qs = qs.filter(opening_hidden=False)
    if getattr(user, "is_authenticated", False):
        visits = ThreadVisit.objects.filter(thread=OuterRef("pk"), user=user)
        qs = qs.annotate(last_seen_at=Subquery(visits.values("last_seen_at")[:1]))
    objectives = Objective.objects.order_by("number").only("id", "number")
    return (
        qs.select_related("author")
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("-last_post_at", "-id")
    )


def thread_with_body(pk: int) -> Thread:
    return (
        Thread.objects.select_related("body", "body__mesa", "author")
        .prefetch_related("objectives")
        .get(pk=pk)
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread).select_related("author").order_by("created_at", "id")


def last_visit(user, thread: Thread):
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ThreadVisit.objects.filter(user=user, thread=thread)
        .values_list("last_seen_at", flat=True)
        .first()
    )


def opening_post(thread: Thread) -> Post | None:
    return Post.objects.filter(thread=thread, is_opening=True).first()


def post_revisions(post: Post):
    return post.revisions.order_by("-replaced_at", "-id")


def open_reports(body: Body) -> QuerySet[PostReport]:
    return (
        PostReport.objects.filter(post__thread__body=body, resolved_at__isnull=True)
        .select_related("post", "post__thread", "post__author", "reporter")
        .order_by("-created_at", "-id")
    )


def search_posts(user, query: str) -> QuerySet[Post]:
    """Visible posts of the threads the user may read that match `query`: PostgreSQL full-text
    search over title and text in the four languages, accents ignored (the stored vector and
    the query are both unaccented); on SQLite (make run) a plain case-insensitive match."""
    readable = permissions.readable_body_ids(user, discussion_bodies())
    qs = (
        Post.objects.filter(
            hidden_at__isnull=True, thread__body__kind__in=permissions.DISCUSSION_KINDS
        )
        .filter(Q(thread__visibility=Visibility.PUBLIC) | Q(thread__body_id__in=readable))
        .exclude(_opening_hidden("thread"))
        .select_related("thread", "thread__body", "author")
    )
    text = " ".join(strip_accents(query).split())[:200]
    if connection.vendor == "postgresql":
        search = None
        for config in SEARCH_CONFIGS:
            part = SearchQuery(text, config=config, search_type="plain")
            search = part if search is None else search | part
        return (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-created_at", "-id")
        )
    return qs.filter(Q(text__icontains=text) | Q(thread__title__icontains=text)).order_by(
        "-created_at", "-id"
    )


# --- notifications ---------------------------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(user=user)
        .select_related("announcement", "announcement__body", "thread", "thread__body", "post")
        .order_by("-created_at", "-id")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def code_of_conduct() -> CodeOfConduct | None:
    return CodeOfConduct.objects.order_by("-updated_at", "-id").first()
