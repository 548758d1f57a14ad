"""A small HTML checker for server-rendered pages: the portal's layout, one h1, labelled inputs, and
nothing the strict CSP would block (inline scripts, style attributes, <style> elements)."""

from html.parser import HTMLParser

INPUT_TYPES_WITHOUT_LABEL = {"hidden", "submit", "button", "reset", "image"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.inline_scripts = 0
        self.style_attrs: list[str] = []
        self.style_elements = 0
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.ids: set[str] = set()
        self.has_site_header = False
        self.main = 0
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.style_attrs.append(tag)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        elif tag == "header" and "site-header" in (a.get("class") or ""):
            self.has_site_header = True
        elif tag == "script" and not a.get("src"):
            self.inline_scripts += 1
        elif tag == "style":
            self.style_elements += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and a.get("type", "text") in INPUT_TYPES_WITHOUT_LABEL:
                return
            self.inputs.append({**a, "_wrapped": self.label_depth > 0, "_tag": tag})

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)


def page_problems(html: str, *, layout: bool = True) -> list[str]:
    c = _Collector()
    c.feed(html)
    problems = []
    if layout and not c.has_site_header:
        problems.append("not rendered in the portal's layout (base.html)")
    if layout and c.main != 1:
        problems.append(f"{c.main} <main> elements")
    if c.h1 != 1:
        problems.append(f"{c.h1} <h1> headings (want exactly one)")
    if c.inline_scripts:
        problems.append(f"{c.inline_scripts} inline <script> element(s)")
    if c.style_attrs or c.style_elements:
        problems.append(f"inline styles on {c.style_attrs} / {c.style_elements} <style> element(s)")
    for field in c.inputs:
        labelled = (
            field["_wrapped"]
            or field.get("aria-label")
            or field.get("aria-labelledby")
            or (field.get("id") and field["id"] in c.label_for)
        )
        if not labelled:
            problems.append(f"unlabelled {field['_tag']} name={field.get('name')!r}")
    return problems
