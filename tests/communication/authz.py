"""Authorisation matrix rows of announcements, discussions and notifications (§12). Format:
tests/security/authz.py. In the world both members belong to MR 1; MR 1's members-only
discussion is read by its members, its coordinators and admins (who coordinate every body)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from communication import services
from communication.models import Notification, Visibility
from mesas.demo import DEMO_PDF
from mesas.models import Body
from tests.security.authz import (
    EVERYONE,
    MEMBER,
    MEMBERS,
    MR1,
    OTHER_MEMBER,
    SIGNED_IN,
    Post,
    Row,
    roles,
)

MR1_BODY = roles(MEMBERS, MR1)  # who belongs to the MR 1 body


def _body():
    return Body.objects.get(slug="mr1")


def _fresh_thread(w, author=MEMBER):
    return services.thread_start(
        actor=w.users[author],
        body=_body(),
        title="Hilo de prueba",
        text="Texto",
        visibility=Visibility.MEMBERS,
    )


def _thread(w):
    if "communication_thread" not in w.objects:
        w.objects["communication_thread"] = _fresh_thread(w)
    return w.objects["communication_thread"]


def _fresh_post(w, author=MEMBER):
    return services.post_reply(actor=w.users[author], thread=_thread(w), text="Respuesta")


def _announcement(w):
    if "communication_announcement" not in w.objects:
        w.objects["communication_announcement"] = services.announcement_publish(
            actor=w.users[MR1_COORD],
            body=_body(),
            title="Aviso",
            text="Texto",
            attachment=SimpleUploadedFile("nota.pdf", DEMO_PDF),
        )
    return w.objects["communication_announcement"]


MR1_COORD = "coordinator_mr1"


def _notification(w):
    thread = _thread(w)
    return Notification.objects.get_or_create(
        user=w.users[MEMBER], kind="new_thread", thread=thread, post=None,
        defaults={"category": "new_threads"},
    )[0]  # fmt: skip


def _reason(w, kw):
    return {"reason": "Motivo de prueba"}


ROWS = [
    Row("communication:announcement_list", kwargs=lambda w: {"slug": "mr1"}, get=MR1_BODY),
    Row(
        "communication:announcement_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {"title": "Aviso", "text": "Texto del aviso"})],
    ),
    Row(
        "communication:announcement_detail",
        kwargs=lambda w: {"pk": _announcement(w).pk},
        get=MR1_BODY,
    ),
    Row(
        "communication:announcement_attachment",
        kwargs=lambda w: {"pk": _announcement(w).pk},
        get=MR1_BODY,
    ),
    Row("communication:thread_list", kwargs=lambda w: {"slug": "mr1"}, get=EVERYONE),
    Row(
        "communication:thread_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1_BODY,
        posts=[
            Post(
                MR1_BODY,
                lambda w, kw: {"title": "Nuevo hilo", "text": "Texto", "visibility": "members"},
            )
        ],
    ),
    Row("communication:moderation", kwargs=lambda w: {"slug": "mr1"}, get=MR1),
    Row("communication:search", get=EVERYONE, query="?q=texto"),
    Row(
        "communication:thread_detail",
        kwargs=lambda w: {"pk": _thread(w).pk},
        get=MR1_BODY,
        posts=[Post(MR1_BODY, lambda w, kw: {"text": "Una respuesta"})],
    ),
    Row(
        "communication:thread_lock",
        kwargs=lambda w: {"pk": _fresh_thread(w).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"action": "lock"})],
    ),
    Row(
        "communication:post_edit",
        kwargs=lambda w: {"pk": _fresh_post(w).pk},
        get=roles(MEMBER),
        posts=[Post(roles(MEMBER), lambda w, kw: {"text": "Texto corregido"})],
    ),
    Row(
        "communication:post_history",
        kwargs=lambda w: {"pk": _fresh_post(w).pk},
        get=MR1_BODY,
    ),
    Row(
        "communication:post_report",
        kwargs=lambda w: {"pk": _fresh_post(w, OTHER_MEMBER).pk},
        get=roles(MEMBER, MR1),
        posts=[Post(roles(MEMBER, MR1), _reason)],
    ),
    Row(
        "communication:post_moderate",
        kwargs=lambda w: {"pk": _fresh_post(w, OTHER_MEMBER).pk},
        get=MR1,
        posts=[Post(MR1, _reason)],
    ),
    Row("communication:code_of_conduct", get=EVERYONE),
    Row("communication:notifications", get=SIGNED_IN),
    Row("communication:notifications_read", get=None, posts=[Post(SIGNED_IN)]),
    Row(
        "communication:notification_open",
        kwargs=lambda w: {"pk": _notification(w).pk},
        get=roles(MEMBER),
    ),
    Row(
        "communication:unsubscribe",
        kwargs=lambda w: {"token": services.unsubscribe_token(w.users[MEMBER], "discussions")},
        get=EVERYONE,
        posts=[Post(EVERYONE)],
    ),
]
