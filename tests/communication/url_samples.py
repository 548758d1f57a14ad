"""Sample URL parameters of the communication pages for tests/test_url_walk.py (demo data)."""


def _threads():
    from communication.models import Thread

    return Thread.objects.order_by("pk").values_list("pk", flat=True)


def _notifications():
    from communication.models import Notification

    return Notification.objects.order_by("pk").values_list("pk", flat=True)


def _tokens():
    from communication.services import unsubscribe_token
    from mecanismo.core.models import User

    user = User.objects.get(email="member@demo.local")
    return [unsubscribe_token(user, "announcements"), "not-a-real-token"]


URL_SAMPLES = {
    "communication:thread_detail:pk": _threads,
    "communication:thread_lock:pk": _threads,
    "communication:notification_open:pk": _notifications,
    "communication:unsubscribe:token": _tokens,
}
