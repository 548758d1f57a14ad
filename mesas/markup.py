"""Markdown for minutes, turned into HTML that cannot carry script, style, frames or
`javascript:` links (nh3 allow-list: what is not listed is dropped)."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
    "td", "caption", "dl", "dt", "dd", "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


# The minutes sit under the page's h1 and a section h2 ("Minutes" on the meeting page, "Current
# text" on the minutes page, "Preview"), so their own "#" is an h3 and "##" an h4 (deeper: h6).
HEADING_BASE = 3


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML, headings shifted below the page's own (`HEADING_BASE`)."""
    raw = markdown.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": HEADING_BASE}},
        output_format="html",
    )
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript"},
        link_rel="noopener noreferrer nofollow",
    )
