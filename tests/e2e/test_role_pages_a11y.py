"""The portal as each role meets it (UX/accessibility review): log in through the real login form
(TOTP step for GT-SC staff) with the seed_demo data, then follow every link the navigation and the
pages themselves offer — one page per route and a few query-string variants (filters, pages) — and
run axe-core on each. Spanish for every role plus one other language each. Then: the registration
steps of a fresh account and its error states, forms sent empty (errors tied to their fields), and
at 360 px wide no page scrolls sideways."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from mecanismo.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from mesas.models import Invitation, Meeting
from tests.e2e.conftest import assert_accessible, totp_code, visit
from tests.factories import PASSWORD, UserFactory

# Routes never followed: they download files, sign out, leave the portal's pages, or change state
# on GET-less POST endpoints reached by links (none should, but keep the crawl read-only).
SKIP = re.compile(
    r"(\.ics$|/export/|/logout/|/admin/|/api/|/meeting-documents/|/documents/|/calendar/private/"
    r"|/i18n/|/confirm-email/|/download/|/reauthenticate/)"
)
# Public pages test_public_pages.py already checks in four languages.
PUBLIC_ROUTES = {
    "core:open_call",
    "core:about",
    "core:privacy",
    "mesas:list",
    "mesas:objective_list",
    "mesas:objective_detail",
    "account_reset_password",
}
MAX_PAGES = 40
QUERY_VARIANTS = 2  # per route: e.g. the directory filtered, a second page


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def log_in(page, lang, email, password=DEMO_PASSWORD, totp=False, axe=True):
    visit(page, f"/{lang}/accounts/login/", check_a11y=axe)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        assert_accessible(page, "2fa/authenticate")
        page.locator("input[name=code]").fill(totp_code(DEMO_TOTP_SECRET))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert page.locator(".account-bar form[action*='logout']").count() == 1, page.url


def _route(path, lang):
    try:
        with translation.override(lang):
            match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


NARROW = {"width": 360, "height": 740}


def narrow_problems(page) -> list[str]:
    """At 360 CSS pixels: the page does not scroll sideways, and every button and form control is
    on screen (only a plain wide table may scroll inside its focusable .table-responsive; a
    .table-stack one stacks its rows on a phone), and the header leaves most of the screen to the
    page. The viewport is restored afterwards."""
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        problems = []
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            problems.append(f"{width}px wide")
        off = page.eval_on_selector_all(
            "main button, main input:not([type=hidden]), main select, main textarea",
            """els => els.filter(e => { const r = e.getBoundingClientRect();
               return r.width > 0 && (r.left < 0 || r.right > window.innerWidth)
                      && (e.closest('.table-stack') || !e.closest('.table-responsive')); })
               .map(e => e.outerHTML.slice(0, 80))""",
        )
        if off:
            problems.append(f"controls off screen {off}")
        header = page.evaluate(
            "(document.querySelector('header.site-header')?.getBoundingClientRect().height) || 0"
        )
        if header > NARROW["height"] / 4:
            problems.append(f"header {header:.0f}px tall")
        return problems
    finally:
        page.set_viewport_size(wide)


def crawl(page, lang, start_paths, *, follow=True, limit=MAX_PAGES):
    """Breadth-first over same-language links in the header and main content; one visit per route
    (plus QUERY_VARIANTS with a query string). Every page visited is also checked at 360 px wide
    (`narrow_problems`). Returns the visited paths."""
    queue = list(start_paths)
    seen_paths, routes, visited = set(), {}, []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        if path in seen_paths:
            continue
        seen_paths.add(path)
        parts = urlsplit(path)
        route = _route(parts.path, lang)
        if route is None or route in PUBLIC_ROUTES:
            continue
        key = (route, bool(parts.query))
        allowed = QUERY_VARIANTS if parts.query else 1
        if routes.get(key, 0) >= allowed:
            continue
        routes[key] = routes.get(key, 0) + 1
        visit(page, path)
        visited.append(path)
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.locator("main h1").count() == 1, f"{path}: one h1 in main"
        assert narrow_problems(page) == [], f"{path} at 360 px: {narrow_problems(page)}"
        if not follow:
            continue
        hrefs = page.eval_on_selector_all(
            "header a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        for href in hrefs:
            if href and href.startswith(f"/{lang}/") and not SKIP.search(href):
                queue.append(href.split("#", 1)[0])
    return visited


def _upcoming(slug="mr1"):
    return (
        Meeting.objects.filter(body__slug=slug, status="scheduled", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values_list("pk", flat=True)
        .first()
    )


def _past(slug="mr1"):
    return (
        Meeting.objects.filter(body__slug=slug, minutes__isnull=False)
        .order_by("starts_at")
        .values_list("pk", flat=True)
        .first()
    )


def member_paths(lang):
    meeting = _upcoming()
    return [
        f"/{lang}/",
        f"/{lang}/my-mesas/",
        f"/{lang}/my-data/",
        f"/{lang}/my-data/answers/",
        f"/{lang}/contact-requests/",
        f"/{lang}/my-data/delete/",
        f"/{lang}/directory/?mesa=mr1&subregion=&country=&actor_type=&q=",
        f"/{lang}/directory/?q=zzzz-nothing",
        f"/{lang}/meetings/{meeting}/",
        f"/{lang}/meetings/{meeting}/proposals/",
        f"/{lang}/calendar/mine/",
        f"/{lang}/settings/",
        f"/{lang}/settings/notifications/",
        f"/{lang}/accounts/2fa/",
        f"/{lang}/accounts/email/",
        f"/{lang}/accounts/password/change/",
        f"/{lang}/privacy-consent/",
    ]


def coordinator_paths(lang):
    meeting, past = _upcoming(), _past()
    return [
        f"/{lang}/",
        f"/{lang}/coordination/",
        f"/{lang}/coordination/mr1/requests/",
        f"/{lang}/coordination/mr1/members/",
        f"/{lang}/bodies/mr1/",
        f"/{lang}/bodies/mr1/meetings/new/",
        f"/{lang}/meetings/{meeting}/",
        f"/{lang}/meetings/{meeting}/edit/",
        f"/{lang}/meetings/{meeting}/cancel/",
        f"/{lang}/meetings/{meeting}/agenda/",
        f"/{lang}/meetings/{meeting}/proposals/",
        f"/{lang}/meetings/{past}/attendance/",
        f"/{lang}/meetings/{past}/outcomes/",
        f"/{lang}/meetings/{past}/minutes/",
        f"/{lang}/bodies/overview/",
    ]


def gtsc_paths(lang):
    return [
        f"/{lang}/",
        f"/{lang}/coordinators/",
        f"/{lang}/imports/",
        f"/{lang}/bodies/",
        f"/{lang}/bodies/overview/",
        f"/{lang}/directory/?subregion=caribbean",
        f"/{lang}/accounts/2fa/",
        f"/{lang}/accounts/2fa/recovery-codes/",
    ]


ROLES = {
    "member": ("member@demo.local", False, member_paths),
    "coordinator": ("coordinator1@demo.local", False, coordinator_paths),
    "gtsc": ("gtsc@demo.local", True, gtsc_paths),
}


@pytest.mark.parametrize(
    "role,lang",
    [
        ("member", "es"),
        ("member", "fr"),
        ("coordinator", "es"),
        ("coordinator", "pt"),
        ("gtsc", "es"),
        ("gtsc", "en"),
    ],
)
def test_every_page_a_role_reaches_passes_axe(page, demo, role, lang):
    """Spanish: the role's pages and every link they offer (crawl). The other language: the
    role's own pages (the templates are the same; this catches per-language text problems)."""
    email, totp, paths = ROLES[role]
    log_in(page, lang, email, totp=totp)
    visited = crawl(page, lang, paths(lang), follow=lang == "es")
    assert len(visited) >= len(paths(lang)) - 1, visited
    if role == "coordinator":
        # A form sent empty: errors summarised on top, each tied to its field.
        visit(page, f"/{lang}/bodies/mr1/meetings/new/")
        page.locator("#id_title").fill("")
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()
        assert_errors_tied_to_fields(page)


def assert_errors_tied_to_fields(page):
    """After a form came back with errors: axe passes, the title says so, a summary on top links
    to each field in error, and every invalid control points (aria-describedby) to a visible
    element holding its error text."""
    assert_accessible(page, f"errors on {page.url}")
    lang = page.locator("html").get_attribute("lang")
    with translation.override(lang):
        assert page.title().startswith(str(translation.gettext("Error")) + ":"), page.title()
    summary = page.locator("main .error-summary[role=alert]")
    assert summary.count() == 1
    invalid = page.eval_on_selector_all(
        "main [aria-invalid=true]",
        """els => els.map(e => ({
            name: e.name, id: e.id,
            described: (e.getAttribute('aria-describedby')
                        || e.closest('fieldset')?.getAttribute('aria-describedby') || '')
                .split(' ').filter(Boolean)
                .map(i => document.getElementById(i)?.innerText.trim() || '')}))""",
    )
    assert invalid, "no control marked aria-invalid"
    links = set(summary.locator("a").evaluate_all("as => as.map(a => a.hash.slice(1))"))
    by_name = {}
    for control in invalid:
        assert any(control["described"]), f"{control['name']}: no error text described"
        by_name.setdefault(control["name"], set()).add(control["id"])
    for name, ids in by_name.items():
        assert ids & links, f"{name}: no link in the error summary"


def test_a_fresh_account_through_registration_with_its_error_states(page, demo):
    user = UserFactory(email="nueva-a11y@example.org")
    log_in(page, "es", user.email, PASSWORD)
    visit(page, "/es/register/")
    assert page.url.endswith("/es/register/privacy/")

    def send():
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()

    send()  # consent not given
    assert_errors_tied_to_fields(page)
    page.locator("#id_accept").check()
    send()
    page.wait_for_url("**/es/register/kind/")
    assert_accessible(page)
    send()  # no kind chosen
    assert_errors_tied_to_fields(page)
    page.locator("input[name=kind][value=organisation]").check()
    send()
    page.wait_for_url("**/es/register/profile/")
    assert_accessible(page)
    send()  # nothing filled
    assert_errors_tied_to_fields(page)
    # The same steps in English, still in the middle of the registration.
    visit(page, "/en/register/profile/")
    visit(page, "/en/register/kind/")
    visit(page, "/en/my-mesas/", expect_status=200)


def test_at_360px_wide_the_header_folds_into_a_menu_that_works_without_javascript(
    browser, live_server, demo
):
    """A cheap phone without JavaScript: the header is a brand line, the languages and a "Menu"
    <details>; opening it shows the navigation and the account links. Pages the crawl does not
    reach as a coordinator (the attendance form, a body page) fit in 360 px too."""
    import os

    shots = os.environ.get("A11Y_SCREENSHOTS")
    ctx = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="es-ES", viewport=NARROW
    )
    try:
        ctx.set_default_timeout(15_000)
        page = ctx.new_page()
        log_in(page, "es", "coordinator1@demo.local", axe=False)
        for name, path in {
            "home": "/es/",
            "bodies": "/es/bodies/",
            "overview": "/es/bodies/overview/",
            "body": "/es/bodies/mr1/",
            "past-meeting": f"/es/meetings/{_past()}/",
            "attendance": f"/es/meetings/{_past()}/attendance/",
        }.items():
            page.goto(path)
            if shots:
                page.screenshot(path=f"{shots}/{name}.png", full_page=True)
            assert narrow_problems(page) == [], f"{path}: {narrow_problems(page)}"
        menu = page.locator("header details.site-menu")
        link = menu.locator("a[href$='/my-mesas/']")
        assert not link.is_visible() and not page.locator(".main-nav").is_visible()
        menu.locator("summary").click()
        assert link.is_visible()
        link.click()
        page.wait_for_url("**/es/my-mesas/")
    finally:
        ctx.close()


def test_focus_is_visible_on_links_buttons_and_fields(page, demo):
    """Keyboard users see where they are: every focused element gets a >= 2px outline (Bootstrap's
    own faint glow is not enough), the skip link comes first and shows on focus."""
    log_in(page, "es", "member@demo.local")
    visit(page, f"/es/meetings/{_upcoming()}/", check_a11y=False)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect();
           return {href: e.getAttribute('href'), h: r.height}; }"""
    )
    assert skip["href"] == "#main" and skip["h"] > 10, skip
    seen = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
               return {kind: e.matches('.nav-link') ? 'nav' : e.matches('.btn') ? 'btn'
                             : e.tagName.toLowerCase(),
                       outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                       html: e.outerHTML.slice(0, 90)}; }"""
        )
        if info["kind"] == "body":  # past the last element of the page
            break
        assert info["outline"] != "none" and info["width"] >= 2, info
        seen.add(info["kind"])
    assert {"nav", "a", "input", "btn"} <= seen, seen


def test_usable_without_javascript(browser, live_server, demo):
    """JavaScript off: sign in, reply to an invitation, open the confirmation of 'leave a mesa'
    (a <details>), and nothing on the pages depends on Bootstrap's JavaScript."""
    ctx = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="es-ES")
    try:
        ctx.set_default_timeout(15_000)
        page = ctx.new_page()
        log_in(page, "es", "member@demo.local", axe=False)  # axe needs JavaScript
        meeting = _upcoming()
        for path in ("/es/", f"/es/meetings/{meeting}/", "/es/my-mesas/", "/es/directory/"):
            page.goto(path)
            assert (
                page.locator(
                    "[data-bs-toggle], .collapse:not(.show), .dropdown-menu, .modal, .offcanvas"
                ).count()
                == 0
            ), path
        page.goto(f"/es/meetings/{meeting}/")
        page.locator("input[name=response][value=online]").check()
        page.locator("form[action$='/rsvp/'] button[type=submit]").click()
        page.wait_for_url(f"**/es/meetings/{meeting}/")
        assert page.locator("main [role=status], main .alert").count() >= 1
        reply = Invitation.objects.get(meeting_id=meeting, user__email="member@demo.local")
        assert reply.rsvp == "online"
        page.goto("/es/my-mesas/")
        confirm = page.locator("main details.confirm").first
        button = confirm.locator("button[type=submit]")
        assert not button.is_visible()  # one click alone never leaves a mesa
        confirm.locator("summary").click()
        assert button.is_visible()
    finally:
        ctx.close()


def test_every_plural_entry_fills_all_the_forms_its_language_has():
    """Found in this review: a Spanish catalogue declaring 3 plural forms (Django's es rule) with
    two filled showed '11 invited people' in English on the Spanish attendance page."""
    import glob

    import polib
    from django.conf import settings

    catalogues = [
        p
        for p in glob.glob(
            str(settings.BASE_DIR / "**/locale/*/LC_MESSAGES/django.po"), recursive=True
        )
        if "/.venv/" not in p
    ]
    assert len(catalogues) >= 8
    problems = []
    for path in catalogues:
        po = polib.pofile(path)
        nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
        for entry in po:
            if entry.msgid_plural:
                filled = [i for i, text in entry.msgstr_plural.items() if text]
                if sorted(filled) != list(range(nplurals)):
                    problems.append(f"{path}: {entry.msgid!r} has forms {filled} of {nplurals}")
    assert problems == [], "\n".join(problems)
