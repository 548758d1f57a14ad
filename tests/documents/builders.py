"""Document builders used by the tests (the real ones live in the apps, e.g. mesas)."""

import markdown
import nh3

from mecanismo.documents.models import Document

MULTILINGUAL = {
    "es": "Año de la niñez migrante: señoras y señores, acción",
    "pt": "Proteção às crianças: ação, informação e não-discriminação",
    "fr": "Élève, hôpital, garçon, forêt: coopération régionale",
}


def multilingual(params: dict):
    body_md = params.get("markdown", "")
    body_html = nh3.clean(markdown.markdown(body_md))
    return "documents/simple.html", {
        "title": params.get("title", "Documento de prueba"),
        "paragraphs": list(MULTILINGUAL.values()),
        "body_html": body_html,
    }


def failing(params: dict):
    raise RuntimeError("this builder always fails")


def allow_named_user(user, document: Document) -> bool:
    # Access rules are asked for visitors too (a rule may make a document public).
    return user.is_authenticated and user.email == document.params.get("allowed_email")
