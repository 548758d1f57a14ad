"""The authorisation matrix, generated from the rows of every app (see tests/security/authz.py).

One test per row: every role requests the row's URL (GET, then each declared POST with valid
data) and the outcome must match the row; any 500 fails. A URL pattern without a row fails
`test_every_url_pattern_has_a_row`. The data is built once for the module, in autocommit, and the
database is flushed (reference data reloaded) when the module ends."""

from __future__ import annotations

import importlib
import re
import traceback
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.forms import BaseForm, BaseFormSet
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import load_reference_data
from tests.test_url_walk import project_routes

from . import authz as a
from . import authz_world

TESTS_DIR = Path(__file__).resolve().parent.parent
DENIED_STATUS = {403, 404, 405}
DENIED_TARGETS = ("/accounts/login/", "/accounts/2fa/", "/privacy-consent/")


def load_rows() -> list[a.Row]:
    rows: list[a.Row] = []
    for path in sorted(TESTS_DIR.glob("*/authz.py")):
        if path.parent.name == "security":
            continue
        rows += importlib.import_module(f"tests.{path.parent.name}.authz").ROWS
    return rows


ROWS = load_rows()


def test_every_url_pattern_has_a_row():
    names = {route.name for route in project_routes()}
    declared = [row.name for row in ROWS]
    missing = sorted(names - set(declared))
    unknown = sorted(set(declared) - names)
    cases = [(row.name, row.note) for row in ROWS]
    doubled = sorted({c for c in cases if cases.count(c) > 1})
    assert not missing, (
        "URL patterns without a row in the authorisation matrix (add one to tests/<app>/authz.py, "
        "see tests/security/authz.py):\n" + "\n".join(f"- {n}" for n in missing)
    )
    assert not unknown, f"rows for URL names that do not exist: {unknown}"
    assert not doubled, f"rows of one URL need different notes: {doubled}"


@pytest.fixture
def _django_db_helper():
    """The rows run in autocommit on the module's data (the `world` fixture keeps the database
    unblocked): pytest-django's per-test transaction or flush is switched off for this module.
    The `django_db` marker below only makes pytest-django create the test database."""
    yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    prefix = f"authz-{uuid.uuid4().hex}"
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    with (
        django_db_blocker.unblock(),
        override_settings(
            CACHES=caches, ALLOWED_HOSTS=["testserver"], SITE_URL="https://portal.example.org"
        ),
    ):
        load_reference_data()
        try:
            yield authz_world.build()
        finally:
            call_command("flush", "--noinput", verbosity=0)
            load_reference_data()


def _client(world, role, double=False) -> Client:
    client = Client()
    user = world.double(role) if double else world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _forms_with_errors(response) -> list[str]:
    context = getattr(response, "context", None)
    if context is None:
        return []
    contexts = context if isinstance(context, list) else [context]
    found = {}
    for ctx in contexts:
        values = ctx.flatten().values() if hasattr(ctx, "flatten") else []
        for value in values:
            if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and value.errors:
                found[id(value)] = f"{type(value).__name__}: {dict(value.errors)}"[:300]
    return list(found.values())


def outcome(response, row: a.Row) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in DENIED_STATUS:
        return "denied"
    if status in (301, 302, 303, 307, 308):
        target = response["Location"]
        if any(t in target for t in DENIED_TARGETS):
            return "denied"
        if any(re.match(rf"^/\w\w/{re.escape(t)}", target) for t in row.denied_redirects):
            return "denied"
        return "allowed"
    errors = _forms_with_errors(response)
    if status >= 400:
        return f"refused {status} " + "; ".join(errors)
    if errors:
        return "form errors " + "; ".join(errors)
    return "allowed"


def _request(client, method, url, data=None):
    try:
        if method == "GET":
            return client.get(url), None
        return client.post(url, data or {}), None
    except Exception:  # noqa: BLE001 - an exception raised by a view is a failure we report
        return None, traceback.format_exc(limit=-4)


SELF_FORM = re.compile(r"<form\b([^>]*)>", re.I)


def _self_posting_form(response, path: str) -> bool:
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    for attrs in SELF_FORM.findall(response.content.decode(errors="replace")):
        if not re.search(r'method="post"', attrs, re.I):
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        if action is None or action.group(1) in ("", path):
            return True
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{row.name}[{row.note}]" if row.note else row.name for row in ROWS]
)
def test_authorisation_matrix(world, row: a.Row):
    failures: list[str] = []

    def check(method, role, expected_allowed, post=None):
        kwargs = row.kwargs(world)
        url = reverse(row.name, kwargs=kwargs)
        data, label, double = None, "", False
        if method == "GET":
            url += row.query
        else:
            data, label, double = post.data(world, kwargs), post.label, post.as_double
        response, error = _request(_client(world, role, double), method, url, data)
        where = f"{role} {method}{' ' + label if label else ''} {url}"
        if error:
            failures.append(f"{where} raised:\n{error}")
            return None
        got = outcome(response, row)
        if got.startswith("error"):
            failures.append(f"{where}: {got}")
        elif expected_allowed is not None:
            want = "allowed" if expected_allowed else "denied"
            if got != want:
                failures.append(f"{where}: expected {want}, got {got}")
        return response

    for role in a.ROLES:
        allowed = row.get is not None and role in row.get
        response = check("GET", role, allowed)
        if (
            allowed
            and not row.posts
            and not row.third_party
            and response is not None
            and response.status_code == 200
            and _self_posting_form(response, response.wsgi_request.path)
        ):
            failures.append(
                f"{role} GET {response.wsgi_request.path}: the page has a form that posts to "
                "itself but the row declares no posts=[Post(...)] with valid data"
            )
    if row.posts:
        for post in row.posts:
            for role in a.ROLES:
                check("POST", role, role in post.roles, post)
    else:
        for role in a.ROLES:
            check("POST", role, None, a.Post(a.NOBODY, label="(no data)"))
    assert not failures, f"{row.name}: {len(failures)} difference(s):\n" + "\n".join(failures)
