"""Transactional by construction (STYLE): a service that locks rows runs in a transaction.

Tests run inside a transaction, so a missing `transaction.atomic` around `select_for_update` goes
unnoticed here and fails in production ("select_for_update cannot be used outside of a
transaction", a 500). This test reads the source of the `services` module (or package) of every
project app, including apps added later, and fails on any function that calls
`select_for_update` without being decorated with `transaction.atomic` or calling it inside a
`with transaction.atomic():` block.
"""

import ast
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from membership.models import ContactPerson, ContactStatus
from tests.factories import UserFactory
from tests.membership.factories import member_with_contact

ROOT = Path(settings.BASE_DIR).resolve()


def _service_files():
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if ROOT not in path.parents or ".venv" in path.parts:
            continue
        if (path / "services.py").exists():
            yield path / "services.py"
        if (path / "services").is_dir():
            yield from sorted((path / "services").glob("*.py"))


def _is_atomic(node: ast.expr) -> bool:
    node = node.func if isinstance(node, ast.Call) else node
    return (isinstance(node, ast.Attribute) and node.attr == "atomic") or (
        isinstance(node, ast.Name) and node.id == "atomic"
    )


def _unguarded_locks(func: ast.FunctionDef) -> list[int]:
    """Line numbers of select_for_update calls in `func` outside an atomic block."""
    found = []

    def visit(node, guarded: bool):
        if isinstance(node, ast.With | ast.AsyncWith):
            guarded = guarded or any(_is_atomic(item.context_expr) for item in node.items)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "select_for_update"
            and not guarded
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, guarded)

    guarded = any(_is_atomic(d) for d in func.decorator_list)
    for statement in func.body:
        visit(statement, guarded)
    return found


def test_the_scan_finds_the_services_of_every_app():
    names = {
        p.parent.name if p.parent.name != "services" else p.parent.parent.name
        for p in _service_files()
    }
    assert {"membership", "mesas", "outbox", "documents", "core"} <= names


def test_every_service_that_locks_rows_is_atomic():
    offenders = []
    for path in _service_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for line in _unguarded_locks(node):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {node.name}")
    assert not offenders, "select_for_update outside transaction.atomic: " + ", ".join(offenders)


@pytest.mark.django_db(transaction=True)
def test_deciding_a_contact_request_outside_a_test_transaction_is_not_a_500():
    """The real POST, in autocommit as in production: the decide service locks the request."""
    import_module("mecanismo.core.migrations.0002_reference_data").load(apps, None)
    member, contact_user = member_with_contact()
    newcomer = UserFactory()
    request = ContactPerson.objects.create(
        member=member, user=newcomer, status=ContactStatus.PENDING
    )
    client = Client()
    client.force_login(contact_user)
    response = client.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ContactStatus.APPROVED
