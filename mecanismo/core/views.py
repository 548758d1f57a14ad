from operator import itemgetter

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import ACTION_LABELS
from .collation import collated
from .forms import UserSettingsForm
from .models import Mesa, PrivacyNotice
from .pagination import paginate
from .pending import pending_for
from .permissions import can_read_audit_log
from .selectors import audit_entries


def home(request):
    mesas = Mesa.objects.prefetch_related("objectives")
    return render(request, "core/home.html", {"mesas": mesas})


@login_required
def my_home(request):
    """The personal home after login (issue 10): what awaits this person, each a link."""
    return render(request, "core/my_home.html", {"pending": pending_for(request.user)})


def open_call(request):
    return render(request, "core/open_call.html", {"mesas": Mesa.objects.all()})


def about(request):
    return render(request, "core/about.html")


def privacy(request, version: int | None = None):
    notices = list(PrivacyNotice.objects.order_by("-version").only("version", "published_at"))
    if version is None:
        notice = PrivacyNotice.current()
    else:
        notice = PrivacyNotice.objects.filter(version=version).first()
        if notice is None:
            raise Http404
    return render(request, "core/privacy.html", {"notice": notice, "notices": notices})


@login_required
def user_settings(request):
    country = request.GET.get("country", "")[:2]
    form = UserSettingsForm(request.POST or None, instance=request.user, country=country)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings were saved."))
        response = redirect(f"/{user.language}/settings/")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "core/settings.html", {"form": form})


def broker_state() -> str:
    """'eager' when Celery runs in-process (development), else 'ok' or 'down' for Redis."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return "ok"
    except redis.RedisError:
        return "down"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return "down"


@never_cache
@require_GET
def healthz(request):
    state = {"db": database_state(), "broker": broker_state()}
    status = 503 if "down" in state.values() else 200
    return JsonResponse(state, status=status)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors that could fail again: a plain render of a static template.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))


@login_required
def audit_log(request):
    """The audit log (§9): admins only, filtered by the start of an action code."""
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    rows = audit_entries()
    action = request.GET.get("action", "").strip()
    if action:
        rows = rows.filter(action__startswith=action)
    window = paginate(request, rows, per_page=50)
    actions = collated(
        ((code, str(label)) for code, label in ACTION_LABELS.items()), key=itemgetter(1)
    )
    return render(
        request,
        "core/audit_log.html",
        {"window": window, "action": action, "actions": actions},
    )
