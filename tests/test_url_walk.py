"""Walk every URL pattern of the project as each role, with the demo data, and fail on any server
error (issue 3). The walk grows by itself: new patterns are found by resolving the URLconf.

Parameters get sample values from, in order:
1. a registry: `URL_SAMPLES` in any `tests/<app>/url_samples.py` (key "<url name>:<param>" or just
   "<param>"), see tests/core/url_samples.py;
2. `<model>_id` parameters: ids of the project model with that name (`meeting_id` → Meeting);
3. `pk`/`id` parameters: ids of the model named after the path segment before it
   (`meetings/<int:pk>/` → Meeting, `action-items/<int:pk>/` → ActionItem).
A parameter none of these explains fails the test with a message saying how to register it.

Every integer parameter is also tried with ids that do not exist: the answer must be a 404 (or a
redirect/403/405 for people who may not see the page), never a 500 and never a 200.
"""

from __future__ import annotations

import importlib
import io
import itertools
import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import translation

from mecanismo.core.demo import ACCOUNTS

ROLES = ["anonymous", "member", "coordinator1", "gtsc", "admin"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
MISSING_IDS = [987654321, 2**40]
SAMPLES_PER_PARAM = 2
MISSING_OK = {301, 302, 303, 307, 308, 400, 403, 404, 405, 410}
TESTS_DIR = Path(__file__).resolve().parent
HOW_TO_REGISTER = (
    "Register sample values in tests/<app>/url_samples.py, e.g.\n"
    "    URL_SAMPLES = {{'{name}:{param}': lambda: MyModel.objects.values_list('pk', flat=True)}}\n"
    "(see tests/core/url_samples.py and the docstring of tests/test_url_walk.py)."
)


@dataclass
class Route:
    name: str  # namespaced URL name, e.g. "mesas:detail"
    route: str  # human-readable pattern, e.g. "<lang>/mesas/<slug:slug>/"
    params: dict[str, bool] = field(default_factory=dict)  # name → is an integer


def _params_of(pattern) -> dict[str, bool]:
    converters = getattr(pattern, "converters", None)
    if converters is not None and hasattr(pattern, "_route"):
        return {name: isinstance(conv, IntConverter) for name, conv in converters.items()}
    regex = pattern.regex
    result = {}
    for name in regex.groupindex:
        group = re.search(rf"\(\?P<{name}>([^)]*)\)", regex.pattern)
        result[name] = bool(group and group.group(1) in {r"\d+", "[0-9]+"})
    return result


def project_routes() -> list[Route]:
    """Every named pattern of the URLconf, recursively; the admin is walked separately."""
    found: list[Route] = []

    def walk(resolver: URLResolver, namespace: str, prefix: str, params: dict[str, bool]):
        for entry in resolver.url_patterns:
            text = prefix + str(entry.pattern)
            here = {**params, **_params_of(entry.pattern)}
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, ns, text, here)
            elif isinstance(entry, URLPattern):
                if entry.callback.__module__ == "django.views.static":
                    continue  # media files in DEBUG only
                assert entry.name, f"URL pattern {text!r} has no name: name it so it can be walked"
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(Route(name=name, route=text, params=here))

    walk(get_resolver(), "", "", {})
    return found


def load_registry() -> dict[str, Callable[[], Iterable]]:
    registry: dict[str, Callable[[], Iterable]] = {}
    for path in sorted(TESTS_DIR.glob("*/url_samples.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.url_samples")
        registry.update(module.URL_SAMPLES)
    return registry


def _project_models() -> dict[str, type]:
    base = Path(settings.BASE_DIR).resolve()
    by_name: dict[str, type] = {}
    for model in apps.get_models():
        app_path = Path(model._meta.app_config.path).resolve()
        if app_path.is_relative_to(base) and ".venv" not in app_path.parts:
            by_name.setdefault(model._meta.model_name, model)
    return by_name


def _segment_before(route: str, param: str) -> str:
    match = re.search(rf"([\w-]+)/(?:\^)?<(?:\w+:)?{param}>", route)
    return match.group(1) if match else ""


def sample_source(route: Route, param: str, registry) -> Callable[[], Iterable] | None:
    if f"{route.name}:{param}" in registry:
        return registry[f"{route.name}:{param}"]
    if param in registry:
        return registry[param]
    models = _project_models()
    candidates = []
    if param.endswith("_id"):
        candidates.append(param[:-3].replace("_", ""))
    if param in {"pk", "id"}:
        segment = _segment_before(route.route, param).replace("-", "").replace("_", "")
        candidates += [segment, segment[:-1] if segment.endswith("s") else segment]
    for candidate in candidates:
        model = models.get(candidate)
        if model is not None:
            return lambda model=model: model._default_manager.order_by("pk").values_list(
                "pk", flat=True
            )
    return None


def _pick(values: Iterable) -> list:
    values = list(itertools.islice(iter(values), 200))
    if len(values) <= SAMPLES_PER_PARAM:
        return values
    return [values[0], values[-1]]


def _clients(demo_users) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        # The MFA gate checks enrolment (admin and gtsc have TOTP in the demo data).
        client.force_login(demo_users[role])
        clients[role] = client
    return clients


def _get(client: Client, url: str):
    try:
        return client.get(url), None
    except Exception:  # noqa: BLE001 - any exception raised by a view is the failure we report
        return None, traceback.format_exc(limit=-3)


# ------------------------------------------------------------------------------------ tests


def test_every_url_parameter_has_a_source_of_sample_values():
    registry = load_registry()
    missing = [
        (route, param)
        for route in project_routes()
        for param in route.params
        if sample_source(route, param, registry) is None
    ]
    assert not missing, (
        "URL parameters without sample values:\n"
        + "\n".join(f"- {r.name} ({r.route}): parameter '{p}'" for r, p in missing)
        + "\n"
        + HOW_TO_REGISTER.format(name=missing[0][0].name, param=missing[0][1])
    )


def test_the_walk_finds_the_projects_patterns():
    names = {route.name for route in project_routes()}
    for expected in ["core:home", "mesas:detail", "account_login", "mfa_index", "api:mesas"]:
        assert expected in names


@pytest.mark.django_db
def test_no_url_answers_with_a_server_error_for_any_role(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_demo", stdout=io.StringIO())
    from mecanismo.core.models import User

    users = {role: User.objects.get(email=ACCOUNTS[role][0]) for role in ROLES[1:]}
    clients = _clients(users)
    registry = load_registry()
    failures: list[str] = []
    urls: list[tuple[str, str, list[str]]] = []  # (route name, url, languages/roles to try)

    for route in project_routes():
        values: dict[str, list] = {}
        for param in route.params:
            source = sample_source(route, param, registry)
            if source is None:
                failures.append(f"{route.name}: no sample source for '{param}' (see test above)")
                break
            picked = _pick(source())
            if not picked:
                failures.append(
                    f"{route.name}: the demo data has no value for '{param}'. Extend your app's "
                    "demo.py so that seed_demo creates one (a new user should see it working), or "
                    "register a source in tests/<app>/url_samples.py."
                )
                break
            values[param] = picked
        else:
            combos = list(itertools.product(*values.values()))[:4] if values else [()]
            for combo in combos:
                kwargs = dict(zip(values, combo, strict=True))
                for lang in LANGUAGES:
                    with translation.override(lang):
                        url = reverse(route.name, kwargs=kwargs)
                    roles = ROLES if lang == settings.LANGUAGE_CODE else ["anonymous"]
                    urls.append((route.name, url, roles))
                    if not url.startswith(f"/{lang}/"):
                        break  # not language-prefixed: once is enough
            # Ids that do not exist: 404 for who may see the page, never 500 or 200.
            for param, is_int in route.params.items():
                if not is_int:
                    continue
                for missing in MISSING_IDS:
                    kwargs = {p: v[0] for p, v in values.items()} | {param: missing}
                    url = reverse(route.name, kwargs=kwargs)
                    for role in ROLES:
                        response, error = _get(clients[role], url)
                        if error or response.status_code not in MISSING_OK:
                            status = error or response.status_code
                            failures.append(f"{role} GET {url} (missing {param}): {status}")

    for name, url, roles in urls:
        for role in roles:
            response, error = _get(clients[role], url)
            if error:
                failures.append(f"{role} GET {url} [{name}] raised:\n{error}")
            elif response.status_code >= 500:
                failures.append(f"{role} GET {url} [{name}]: {response.status_code}")

    # The Django admin: its index and every model's list, add and change pages.
    admin_urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        admin_urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.search_fields:
            admin_urls.append(reverse("admin:{}_{}_changelist".format(*info)) + "?q=a")
        admin_urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            admin_urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    for url in admin_urls:
        for role in ROLES:
            if role != "admin" and url != admin_urls[0]:
                continue
            response, error = _get(clients[role], url)
            if error or response.status_code >= 500:
                failures.append(f"{role} GET {url}: {error or response.status_code}")
        # Admins can open every list page.
        if "/change/" not in url and "?" not in url and not url.endswith("/add/"):
            response, _error = _get(clients["admin"], url)
            if response is not None and response.status_code != 200:
                failures.append(f"admin GET {url}: {response.status_code} (expected 200)")

    assert len(urls) > 40, f"walked only {len(urls)} URLs: is the URLconf resolved?"
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)
