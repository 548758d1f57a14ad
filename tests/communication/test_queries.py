"""Constant queries per page (§10): the thread list, a thread and the notification list cost
the same with 3 rows and with 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communication.models import Notification, Post, Thread
from communication.services._common import post_index

from .factories import body, member, thread

pytestmark = pytest.mark.django_db


def _threads(author, n):
    mr1 = body("mr1")
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        [Thread(body=mr1, author=author, title=f"Hilo {i}", last_post_at=now) for i in range(n)]
    )
    Post.objects.bulk_create(
        [Post(thread=t, author=author, is_opening=True, text="x", html="<p>x</p>") for t in threads]
    )


def _posts(t, author, n):
    posts = Post.objects.bulk_create(
        [Post(thread=t, author=author, text=f"r{i}", html=f"<p>r{i}</p>") for i in range(n)]
    )
    post_index([p.pk for p in posts])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 300])
def test_thread_list_queries_do_not_grow(client, django_assert_num_queries, rows):
    reader = member(1)
    _threads(reader, rows)
    client.force_login(reader)
    url = reverse("communication:thread_list", args=["mr1"])
    client.get(url)
    # session, user, body, roles, member, member's mesas, threads page, objectives prefetch
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 300])
def test_thread_page_queries_do_not_grow(client, django_assert_num_queries, rows):
    reader = member(1)
    t = thread(reader)
    _posts(t, member(1), rows)
    client.force_login(reader)
    client.get(t.get_absolute_url())
    # session, user, thread, objectives, roles, member, mesas, posts page, last visit, upsert
    with django_assert_num_queries(10):
        assert client.get(t.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [3, 300])
def test_notification_list_queries_do_not_grow(client, django_assert_num_queries, rows):
    reader = member(1)
    t = thread(member(1))
    Notification.objects.bulk_create(
        [Notification(user=reader, category="new_threads", kind="new_thread", thread=t)]
        + [
            Notification(user=reader, category="discussions", kind="reply", thread=t, post=p)
            for p in Post.objects.bulk_create(
                [Post(thread=t, text="y", html="y") for _ in range(rows)]
            )
        ]
    )
    client.force_login(reader)
    url = reverse("communication:notifications")
    # session, user, roles (the layout's account bar), notifications page with their objects
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 300])
def test_search_queries_do_not_grow(client, django_assert_num_queries, rows):
    reader = member(1)
    t = thread(reader, text="migración regular")
    _posts(t, reader, rows)
    client.force_login(reader)
    url = reverse("communication:search") + "?q=r1"
    client.get(url)
    # session, user, roles, bodies, the member and its mesas, the linking-table rule
    # (current mandates, staff of the agencies holding a seat: derived only since the
    # hand-assigned role went, issue 12), posts page
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
