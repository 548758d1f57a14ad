"""Browser tests: Playwright for Python drives Debian's chromium (no browser download) against
pytest-django's live server. Every page a test visits can be checked with axe-core via `visit()`.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """The live server runs in this process: give each browser test its own Redis key prefix, so
    rate-limit counters (logins come from one address) and used TOTP codes never carry over."""
    import uuid

    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"e2e-{uuid.uuid4().hex}"},
    }


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: apt-get install -y chromium (make test does it)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server, reference_data):
    # bypass_csp lets axe-core's script run under the portal's strict CSP.
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def assert_accessible(page, label: str = "") -> None:
    """No serious or critical axe-core violation on the current page (WCAG 2.1 AA rules)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            },
            "resultTypes": ["violations"],
        },
    )
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
    assert not bad, f"axe violations on {label or page.url}:\n{details}"


def visit(page, path: str, *, check_a11y: bool = True, expect_status: int = 200):
    """Open `path`, assert the HTTP status and run axe on the page."""
    response = page.goto(path)
    assert response is not None and response.status == expect_status, (
        f"{path}: HTTP {response.status if response else 'none'}"
    )
    if check_a11y:
        assert_accessible(page, path)
    return response


def totp_code(secret: str, *, margin: float = 8.0) -> str:
    """A TOTP code with at least `margin` seconds left in its 30-second window: on a loaded
    machine a code read at second 29 is often stale by the time the form posts it."""
    import time

    import pyotp

    class _Totp(pyotp.TOTP):
        min_secret_length_bits = 80  # the demo secret is short on purpose (people type it)

    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.2)
    return _Totp(secret).now()
