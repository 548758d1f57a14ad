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
]


@pytest.mark.parametrize("lang", ["es", "en", "pt", "fr"])
def test_public_pages_are_accessible_in_each_language(page, lang):
    for path in PUBLIC:
        visit(page, f"/{lang}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main h1").count() == 1
