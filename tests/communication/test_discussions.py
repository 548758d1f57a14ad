"""Discussions (§12): threads of the mesas and the linking table, replies, visibility, marks of
what is new, moderation, 30-minute edits with history, "former member", search."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from communication import selectors, services
from communication.models import Notification, Post, PostReport, Thread, ThreadVisit, Visibility
from mecanismo.core.models import AuditLog
from mecanismo.outbox.models import OutboxMessage

from .factories import coordinator, member, thread

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_thread_and_another_reply_tells_the_first(
    django_capture_on_commit_callbacks,
):
    ana, bea = member(1), member(1)
    with django_capture_on_commit_callbacks(execute=True):
        t = thread(ana)
    # Bea is told of the new thread (her mesa), Ana is not told of her own.
    assert Notification.objects.filter(user=bea, thread=t, kind="new_thread").exists()
    assert not Notification.objects.filter(user=ana).exists()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(actor=bea, thread=t, text="De acuerdo")
    note = Notification.objects.get(user=ana, kind="reply")
    assert note.post == reply
    assert OutboxMessage.objects.filter(user=ana, category="discussions").count() == 1
    t.refresh_from_db()
    assert t.reply_count == 1


def test_posting_in_a_body_one_is_not_a_member_of_is_refused():
    t = thread(member(1))
    with pytest.raises(PermissionDenied):
        services.post_reply(actor=member(2), thread=t, text="hola")
    with pytest.raises(PermissionDenied):
        thread(member(2), slug="mr1")
    assert Post.objects.count() == 1


def test_the_dialogues_have_no_discussions():
    with pytest.raises(ValidationError):
        thread(coordinator(1), slug="dialogues")


def test_a_reply_to_a_closed_or_hidden_thread_is_refused_with_a_message(client):
    ana, boss = member(1), coordinator(1)
    t = thread(ana)
    services.thread_lock(actor=boss, thread=t, locked=True)
    with pytest.raises(ValidationError):
        services.post_reply(actor=member(1), thread=t, text="tarde")
    services.thread_lock(actor=boss, thread=t, locked=False)
    opening = selectors.opening_post(t)
    services.post_hide(actor=boss, post=opening, reason="Fuera de tema")
    bea = member(1)
    with pytest.raises(ValidationError):
        services.post_reply(actor=bea, thread=t, text="tarde")
    client.force_login(ana)  # the author still sees her hidden thread, cannot reply
    response = client.post(reverse("communication:thread_detail", args=[t.pk]), {"text": "x"})
    assert response.status_code == 400
    assert "cerrado" in response.content.decode()
    assert Post.objects.filter(thread=t).count() == 1


def test_members_only_threads_are_not_readable_by_others_public_ones_are(client):
    ana = member(1)
    private = thread(ana, title="Privado")
    public = thread(ana, title="Abierto", visibility=Visibility.PUBLIC)
    client.force_login(member(2))
    assert client.get(private.get_absolute_url()).status_code == 403
    assert client.get(public.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(public.get_absolute_url()).status_code == 200
    listing = client.get(reverse("communication:thread_list", args=["mr1"])).content.decode()
    assert "Abierto" in listing and "Privado" not in listing


def test_posts_since_the_last_visit_are_marked_new_with_one_row_per_reader(client):
    ana, bea = member(1), member(1)
    t = thread(ana)
    client.force_login(bea)
    client.get(t.get_absolute_url())
    ThreadVisit.objects.filter(user=bea).update(
        last_seen_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    Post.objects.filter(thread=t).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    for n in range(3):
        services.post_reply(actor=ana, thread=t, text=f"nuevo {n}")
    page = client.get(t.get_absolute_url()).content.decode()
    assert page.count(">nuevo</span>") == 3
    assert ThreadVisit.objects.filter(user=bea, thread=t).count() == 1
    # After the visit nothing is new any more.
    assert ">nuevo</span>" not in client.get(t.get_absolute_url()).content.decode()


def test_report_then_hide_tells_the_author_and_is_audited(django_capture_on_commit_callbacks):
    ana, bea, boss = member(1), member(1), coordinator(1)
    t = thread(ana)
    with pytest.raises(ValidationError):
        services.post_report(actor=bea, post=selectors.opening_post(t), reason="  ")
    services.post_report(actor=bea, post=selectors.opening_post(t), reason="Ofensivo")
    with pytest.raises(ValidationError):
        services.post_report(actor=bea, post=selectors.opening_post(t), reason="Otra vez")
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=bea, post=selectors.opening_post(t), reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_hide(actor=boss, post=selectors.opening_post(t), reason="Ofensivo")
    assert post.is_hidden
    assert PostReport.objects.get().resolved_at is not None
    assert AuditLog.objects.filter(action="post.hidden", target_id=str(post.pk)).exists()
    mail = OutboxMessage.objects.get(user=ana, category="moderation")
    assert mail.context["reason"] == "Ofensivo"
    services.post_restore(actor=boss, post=post, reason="Revisado")
    assert AuditLog.objects.filter(action="post.restored").exists()
    assert Notification.objects.filter(user=ana, kind="post_restored").exists()


def test_hidden_posts_show_their_text_only_to_coordinators_and_the_author(client):
    ana, boss, bea = member(1), coordinator(1), member(1)
    t = thread(ana)
    reply = services.post_reply(actor=ana, thread=t, text="texto-secreto")
    services.post_hide(actor=boss, post=reply, reason="motivo")
    client.force_login(bea)
    page = client.get(t.get_absolute_url()).content.decode()
    assert "texto-secreto" not in page and "ocult" in page
    client.force_login(boss)
    assert "texto-secreto" in client.get(t.get_absolute_url()).content.decode()


def test_authors_edit_within_30_minutes_and_the_history_is_kept(client):
    ana = member(1)
    t = thread(ana, text="primera versión")
    post = selectors.opening_post(t)
    services.post_edit(actor=ana, post=post, text="segunda versión")
    assert post.revisions.get().text == "primera versión"
    with pytest.raises(ValidationError):
        services.post_edit(actor=member(1), post=post, text="ajeno")
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    with pytest.raises(ValidationError):
        services.post_edit(actor=ana, post=Post.objects.get(pk=post.pk), text="tarde")
    client.force_login(ana)
    history = client.get(reverse("communication:post_history", args=[post.pk]))
    assert "primera versión" in history.content.decode()


def test_a_deleted_account_leaves_former_member_on_its_posts(client):
    ana = member(1)
    t = thread(ana, visibility=Visibility.PUBLIC)
    ana.is_active = False
    ana.anonymised_at = timezone.now()
    ana.full_name = "Persona eliminada X"
    ana.save()
    page = client.get(t.get_absolute_url()).content.decode()
    assert "antiguo miembro" in page or "former member" in page
    assert "Persona eliminada X" not in page


def test_search_finds_readable_posts_ignoring_accents_in_four_languages():
    ana = member(1)
    thread(ana, title="Migración", text="Las políticas de regularización funcionan")
    thread(ana, title="Private", text="The workers were organising unions")
    thread(member(2), slug="mr2", title="Otro", text="regularización en la mesa 2")
    found = list(selectors.search_posts(ana, "regularizacion"))
    assert [p.thread.title for p in found] == ["Migración"]
    # English stemming: "organise" finds "organising"; French and Portuguese configs too.
    assert list(selectors.search_posts(ana, "organising"))
    assert not list(selectors.search_posts(member(3), "workers"))


def test_a_coordinator_cannot_moderate_another_mesa():
    t = thread(member(1))
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=coordinator(2), post=selectors.opening_post(t), reason="x")
    assert not Thread.objects.filter(locked_at__isnull=False).exists()


def test_the_thread_page_offers_reply_report_and_hide_to_whom_they_belong(client):
    ana, bea, boss = member(1), member(1), coordinator(1)
    t = thread(ana)
    client.force_login(bea)
    page = client.get(t.get_absolute_url()).content.decode()
    assert 'name="text"' in page and "Denunciar" in page and "Ocultar" not in page
    response = client.post(t.get_absolute_url(), {"text": "Respuesta de Bea"})
    assert response.status_code == 302
    client.force_login(boss)
    page = client.get(t.get_absolute_url()).content.decode()
    assert "Ocultar" in page and "Cerrar a respuestas" in page
    client.force_login(ana)
    assert "Editar" in client.get(t.get_absolute_url()).content.decode()
