"""HTML → PDF with WeasyPrint, fetching nothing from the network.

The URL fetcher serves only the project's static files (CSS, logos): a URL whose path starts with
STATIC_URL is read from STATIC_ROOT or the static finders, whatever its host, and `data:` URLs are
decoded in memory. Anything else (an image in Markdown pointing at http://127.0.0.1:…, file:///etc/…)
is refused without opening a socket or a file, so document content cannot make the server call an
internal address (SSRF).
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint logs every rendering step at INFO (even on import); keep logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

logger = logging.getLogger(__name__)

# Relative URLs in templates ({% static %} gives /static/…) resolve against this base; the host is
# never contacted.
BASE_URL = "https://static.invalid/"


class BlockedURL(ValueError):
    pass


def static_file_for(url: str) -> Path | None:
    """The local file a static URL names, or None. Refuses path traversal."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return None
    static_prefix = urlsplit(settings.STATIC_URL).path or "/static/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        return None
    relative = posixpath.normpath(path[len(static_prefix) :])
    if relative.startswith(("..", "/")) or relative in {".", ""}:
        return None
    root = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    if root is not None:
        candidate = (root / relative).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            return candidate
    try:
        found = finders.find(relative)
    except Exception:  # noqa: BLE001 - SuspiciousFileOperation and friends: refuse
        return None
    return Path(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            logger.warning("documents: refused to fetch %s", url[:200])
            raise BlockedURL(f"Only the portal's static files may be used in a PDF: {url[:200]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1 (structure tree, marked content, document language from <html lang>,
    title shown), so screen-reader users can read minutes and reports (§8 accessibility)."""
    fetcher = StaticOnlyFetcher(timeout=1, allowed_protocols={"http", "https", "data"})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1"
    )
