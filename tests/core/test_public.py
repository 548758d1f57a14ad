"""Public behaviour of the Foundation: error pages, language negotiation and switcher, dates in the
viewer's time zone, /healthz, production checks and the demo-data guard."""

import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from mecanismo.core.models import PrivacyNotice
from tests.core.htmlcheck import page_problems
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)

# ---------------------------------------------------------------- error pages (DEBUG off)


@pytest.fixture
def error_urls(settings):
    assert settings.DEBUG is False
    settings.ROOT_URLCONF = "tests.core.urls_error"


@pytest.mark.parametrize(
    "lang,text",
    [
        ("es", "No encontramos esta página"),
        ("en", "We could not find this page"),
        ("pt", "Não encontramos esta página"),
        ("fr", "Nous n’avons pas trouvé cette page"),
    ],
)
def test_404_page_is_translated_and_helpful(client, lang, text):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert f"/{lang}/no-such-page/" in html  # says which address failed
    assert f'href="/{lang}/mesas/"' in html and f'href="/{lang}/open-call/"' in html
    assert page_problems(html) == []


def test_missing_object_is_a_404_page_not_a_500(client):
    assert client.get("/es/privacy/v999/").status_code == 404
    assert client.get("/es/objectives/99/").status_code == 404
    assert client.get("/es/mesas/mr9/").status_code == 404


@pytest.mark.parametrize(
    "lang,text",
    [
        ("es", "No puede abrir esta página"),
        ("en", "You may not open this page"),
        ("pt", "Você não pode abrir esta página"),
        ("fr", "Vous ne pouvez pas ouvrir cette page"),
    ],
)
def test_403_page_is_translated(client, error_urls, lang, text):
    response = client.get(f"/{lang}/test-forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert text in html and page_problems(html) == []


def test_403_for_a_signed_in_member_at_the_admin_login(client):
    client.force_login(UserFactory())
    response = client.get("/admin/login/")
    assert response.status_code == 403
    assert "No puede abrir esta página" in response.content.decode()


@pytest.mark.parametrize(
    "lang,text",
    [
        ("es", "Algo salió mal"),
        ("en", "Something went wrong"),
        ("pt", "Algo deu errado"),
        ("fr", "Une erreur s’est produite"),
    ],
)
def test_500_page_is_translated_and_plain(error_urls, lang, text):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{lang}/test-boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{lang}">' in html
    assert page_problems(html, layout=False) == []


# ---------------------------------------------------------------- languages


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("", "/es/"),
        ("pt-BR,pt;q=0.9,en;q=0.8", "/pt/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-CA", "/fr/"),
        ("de-DE,de;q=0.9", "/es/"),
    ],
)
def test_root_redirects_by_the_browsers_language_spanish_by_default(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unprefixed_page_redirects_to_its_prefixed_address(client):
    response = client.get("/mesas/mr1/", headers={"Accept-Language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/fr/mesas/mr1/"


def test_language_switcher_keeps_the_page(client):
    html = client.get("/es/mesas/mr1/?tab=objectives").content.decode()
    for lang in ("en", "pt", "fr"):
        assert f'href="/{lang}/mesas/mr1/?tab=objectives"' in html
    assert 'hreflang="es"' in html and 'aria-current="true"' in html


def test_each_language_renders_its_own_catalogue(client):
    assert "Convocatoria abierta" in client.get("/es/").content.decode()
    assert "Open call" in client.get("/en/").content.decode()
    assert "Chamada aberta" in client.get("/pt/").content.decode()
    assert "Appel ouvert" in client.get("/fr/").content.decode()


# ---------------------------------------------------------------- time zones


@pytest.fixture
def late_notice():
    # 03:30 UTC on 1 January: still 31 December in Mexico City (UTC-6), 1 January in São Paulo.
    return PrivacyNotice.objects.create(
        version=90,
        published_at=datetime.datetime(2026, 1, 1, 3, 30, tzinfo=datetime.UTC),
        text_es="x",
        text_en="x",
        text_pt="x",
        text_fr="x",
    )


@pytest.mark.parametrize(
    "zone,expected",
    [
        ("America/Mexico_City", "31 de diciembre de 2025"),
        ("America/Sao_Paulo", "1 de enero de 2026"),
    ],
)
def test_dates_are_shown_in_the_viewers_time_zone(client, late_notice, zone, expected):
    client.force_login(UserFactory(time_zone=zone))
    html = client.get("/es/privacy/v90/").content.decode()
    assert expected in html


def test_time_zone_comes_from_the_settings_page(client, late_notice):
    user = UserFactory(time_zone="America/Sao_Paulo")
    client.force_login(user)
    response = client.post(
        "/es/settings/",
        {"full_name": "Ana", "language": "es", "time_zone": "America/Mexico_City"},
    )
    assert response.status_code == 302
    assert "31 de diciembre de 2025" in client.get("/es/privacy/v90/").content.decode()


def test_visitors_see_the_default_zone(client, late_notice):
    assert settings.TIME_ZONE == "America/Panama"
    assert "31 de diciembre de 2025" in client.get("/es/privacy/v90/").content.decode()


def test_when_filter_names_the_zone(settings):
    from django.template import Context, Template
    from django.utils import timezone, translation

    moment = datetime.datetime(2026, 3, 12, 15, 0, tzinfo=datetime.UTC)
    template = Template("{% load portal %}{{ moment|when }}")
    with translation.override("en"), timezone.override("America/Bogota"):
        out = template.render(Context({"moment": moment}))
    assert 'datetime="2026-03-12T10:00:00-05:00"' in out
    assert "10:00" in out and "(Bogotá, Colombia)" in out  # named, not "(-05)" nor the IANA id
    assert "America/" not in out
    with translation.override("fr"), timezone.override("America/Mexico_City"):
        out = template.render(Context({"moment": moment}))
    assert "(Mexico, Mexique)" in out


# ---------------------------------------------------------------- /healthz


def test_healthz_is_ok_with_eager_celery(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_ok_with_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"db": "ok", "broker": "down"}


def test_healthz_is_503_when_the_database_is_down(settings):
    """The request runs in its own thread, whose database connection points at a closed port."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = {}

    def request():
        conn = connections["default"]
        conn.settings_dict = {**conn.settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
        try:
            response = Client().get("/healthz")
            result.update(status=response.status_code, body=response.json())
        finally:
            conn.close()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(30)
    assert result == {"status": 503, "body": {"db": "down", "broker": "eager"}}


# ---------------------------------------------------------------- production checks


def _production_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "PLAIN_STATIC",
            "ALLOW_DEMO_DATA",
            "SECURE_SSL_REDIRECT",
            "ALLOWED_HOSTS",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mecanismo.settings",
        DEBUG="0",
        SECRET_KEY="prod-like-" + "k3y-With-Many-Different-Characters-0123456789" * 2,
        ALLOWED_HOSTS="portal.example.org",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output


def test_seed_demo_is_refused_when_debug_is_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Demo data is refused when DEBUG is off" in result.stderr


def test_seed_demo_is_idempotent(demo):
    from django.core.management import call_command

    from mecanismo.core.models import RoleAssignment, User

    counts = (User.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts


def test_production_without_secret_key_refuses_to_sign_anything():
    """No silent fallback key when DEBUG is off: Django refuses the empty key when it is needed."""
    script = (
        "import django; django.setup()\n"
        "from django.core import signing\n"
        "try:\n"
        "    signing.dumps('x')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    env = _production_env()
    env.pop("SECRET_KEY", None)
    env["DJANGO_SETTINGS_MODULE"] = "mecanismo.settings"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ImproperlyConfigured" in result.stdout, result.stdout + result.stderr
