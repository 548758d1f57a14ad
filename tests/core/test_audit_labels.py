"""Audit actions have a translated label (one registry: mecanismo/core/audit.py), shown on the
audit page and in the Django admin instead of the stored English code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from mecanismo.core.audit import ACTION_LABELS, action_label
from mecanismo.core.services import audit_record
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "node_modules", "migrations"}


def _strings(node) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def audited_actions() -> dict[str, str]:
    """Every action code passed to audit_record(...) in the code base: literal values, both arms
    of `"a" if x else "b"`, and values assigned to a variable passed as `action=action`."""
    found: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if SKIP.intersection(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                continue
            for call in ast.walk(func):
                if not (
                    isinstance(call, ast.Call) and getattr(call.func, "id", None) == "audit_record"
                ):
                    continue
                for kw in call.keywords:
                    if kw.arg != "action":
                        continue
                    codes = _strings(kw.value)
                    if isinstance(kw.value, ast.Name):
                        codes |= {
                            value
                            for node in ast.walk(func)
                            if isinstance(node, ast.Assign)
                            and any(getattr(t, "id", None) == kw.value.id for t in node.targets)
                            for value in _strings(node.value)
                        }
                    for code in codes:
                        found[code] = str(path.relative_to(ROOT))
    return found


def test_the_scan_finds_the_audited_actions():
    found = audited_actions()
    for code in [
        "mesa_membership.approved",
        "mesa_membership.left",
        "role.changed",
        "minutes.approve",
    ]:
        assert code in found, sorted(found)


def test_every_audited_action_has_a_label():
    missing = {
        code: where for code, where in audited_actions().items() if code not in ACTION_LABELS
    }
    assert not missing, f"add labels to mecanismo/core/audit.py ACTION_LABELS: {missing}"


def test_labels_are_translated_and_unknown_codes_fall_back():
    with translation.override("es"):
        assert (
            action_label("mesa_membership.approved") == "Solicitud de adhesión a una mesa aprobada"
        )
        assert action_label("something.new") == "something.new"
    with translation.override("en"):
        english = {code: str(label) for code, label in ACTION_LABELS.items()}
    for lang in ["es", "pt", "fr"]:
        with translation.override(lang):
            same = [c for c, label in ACTION_LABELS.items() if str(label) == english[c]]
        assert not same, (lang, same)


@pytest.mark.django_db
def test_audit_page_and_admin_list_show_the_label(client):
    from allauth.mfa.totp.internal.auth import TOTP

    admin = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    audit_record(actor=admin, action="mesa_membership.approved", target=admin)
    client.force_login(admin)
    page = client.get("/es/audit/").content.decode()
    assert "Solicitud de adhesión a una mesa aprobada" in page
    admin_page = client.get("/admin/core/auditlog/", HTTP_ACCEPT_LANGUAGE="es")
    assert admin_page.status_code == 200
    assert "Solicitud de adhesión a una mesa aprobada" in admin_page.content.decode()
