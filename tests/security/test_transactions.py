"""Row locks need a transaction (issue 11, finding 2): `select_for_update()` outside
`transaction.atomic` raises on PostgreSQL in autocommit (a 500 on a real server, while a test
inside a test transaction passes). This gate reads every module of the project and fails for any
function that calls `select_for_update` without being atomic.

A function is atomic when it is decorated with `transaction.atomic` (or `@atomic`), when the call
sits inside a `with transaction.atomic():` block, or when it is a private helper (`_name`) only
called, in its own module, by functions that are atomic."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

SKIP_PARTS = {".venv", "migrations", "tests", "node_modules", "staticfiles"}


def _is_atomic(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr == "atomic"
    return isinstance(target, ast.Name) and target.id == "atomic"


class _Function:
    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef):
        self.node = node
        self.decorated = any(_is_atomic(d) for d in node.decorator_list)
        self.unguarded_locks: list[int] = []  # line numbers
        self.calls: set[str] = set()
        self._walk(node.body, guarded=self.decorated)

    def _walk(self, statements, guarded: bool):
        for statement in statements:
            self._visit(statement, guarded)

    def _visit(self, node, guarded):
        if isinstance(node, ast.With | ast.AsyncWith):
            inner = guarded or any(_is_atomic(item.context_expr) for item in node.items)
            for item in node.items:
                self._scan_expr(item.context_expr, guarded)
            self._walk(node.body, inner)
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return  # nested definitions are checked on their own
        if _has_blocks(node):
            for name, value in ast.iter_fields(node):
                if name in ("body", "orelse", "finalbody", "handlers") and isinstance(value, list):
                    self._walk(value, guarded)
                elif isinstance(value, ast.expr):
                    self._scan_expr(value, guarded)
                elif name == "cases":
                    for case in value:
                        self._walk(case.body, guarded)
            return
        self._scan_expr(node, guarded)

    def _scan_expr(self, node, guarded):
        for child in ast.walk(node):
            if isinstance(child, ast.Call):
                func = child.func
                if isinstance(func, ast.Attribute) and func.attr == "select_for_update":
                    if not guarded:
                        self.unguarded_locks.append(child.lineno)
                elif isinstance(func, ast.Name):
                    self.calls.add(func.id)


def _has_blocks(node) -> bool:
    return isinstance(
        node,
        ast.If
        | ast.For
        | ast.AsyncFor
        | ast.While
        | ast.Try
        | ast.With
        | ast.AsyncWith
        | ast.Match,
    ) or (hasattr(ast, "TryStar") and isinstance(node, ast.TryStar))


def unguarded_locks(sources: dict[str, str]) -> list[tuple[str, str, int]]:
    """(module, function, line) of every select_for_update not covered by a transaction. The
    modules are read together: a private helper may be called from a sibling module."""
    functions: dict[str, list[tuple[str, _Function]]] = {}
    for module, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.setdefault(node.name, []).append((module, _Function(node)))

    def in_transaction(name: str, function: _Function, seen: frozenset[str]) -> bool:
        if function.decorated:
            return True
        if not name.startswith("_") or name in seen:
            return False
        callers = [
            (n, f)
            for n, defs in functions.items()
            for _m, f in defs
            if name in f.calls and n != name
        ]
        return bool(callers) and all(in_transaction(n, f, seen | {name}) for n, f in callers)

    problems = []
    for name, definitions in functions.items():
        for module, function in definitions:
            if function.unguarded_locks and not in_transaction(name, function, frozenset()):
                problems += [(module, name, line) for line in function.unguarded_locks]
    return problems


def project_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        path
        for path in sorted(base.rglob("*.py"))
        if not SKIP_PARTS & set(path.relative_to(base).parts)
    ]


def test_every_select_for_update_runs_in_a_transaction():
    base = Path(settings.BASE_DIR)
    sources = {str(p.relative_to(base)): p.read_text(encoding="utf-8") for p in project_modules()}
    problems = [f"{m}:{line} in {name}()" for m, name, line in unguarded_locks(sources)]
    assert not problems, (
        "select_for_update outside transaction.atomic (decorate the service with "
        "@transaction.atomic):\n" + "\n".join(problems)
    )


def test_the_gate_sees_a_lock_outside_a_transaction():
    bad = (
        "def decide(pk):\n    return Row.objects.select_for_update().get(pk=pk)\n"
        "def _helper(pk):\n    return Row.objects.select_for_update().get(pk=pk)\n"
        "def public(pk):\n    return _helper(pk)\n"
    )
    assert unguarded_locks({"m": bad}) == [("m", "decide", 2), ("m", "_helper", 4)]
    good = (
        "@transaction.atomic\ndef decide(pk):\n    return Row.objects.select_for_update().get()\n"
        "def _helper(pk):\n    return Row.objects.select_for_update().get(pk=pk)\n"
        "@transaction.atomic\ndef public(pk):\n    return _helper(pk)\n"
        "def loop():\n    for x in y:\n        with transaction.atomic():\n"
        "            Row.objects.select_for_update().first()\n"
    )
    assert unguarded_locks({"m": good}) == []
    # A private helper called from a sibling module's atomic service is covered.
    helper = "def _helper():\n    Row.objects.select_for_update().first()\n"
    caller = "@transaction.atomic\ndef service():\n    _helper()\n"
    assert unguarded_locks({"a": helper, "b": caller}) == []
