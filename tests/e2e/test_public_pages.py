import pytest

from tests.e2e.conftest import visit

PUBLIC = [
    "",
    "open-call/",
    "mesas/",
    "mesas/mr1/",
    "objectives/",
    "objectives/5/",
    "about/",
    "privacy/",
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
]


@pytest.mark.parametrize("lang", ["es", "en", "pt", "fr"])
def test_public_pages_are_accessible_in_each_language(page, lang):
    for path in PUBLIC:
        visit(page, f"/{lang}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main h1").count() == 1
    visit(page, f"/{lang}/no-such-page/", expect_status=404)
    assert page.locator("main h1").count() == 1
    assert page.locator("html").get_attribute("lang") == lang


def test_root_redirects_to_the_browsers_language(browser, live_server, reference_data):
    for locale, prefix in [("pt-BR", "/pt/"), ("fr-FR", "/fr/"), ("de-DE", "/es/")]:
        ctx = browser.new_context(base_url=live_server.url, locale=locale)
        try:
            page = ctx.new_page()
            page.goto("/")
            assert page.url == live_server.url + prefix
        finally:
            ctx.close()


def test_language_switcher_keeps_the_page(page):
    visit(page, "/es/mesas/mr1/", check_a11y=False)
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/mesas/mr1/")
    assert page.locator("html").get_attribute("lang") == "fr"
