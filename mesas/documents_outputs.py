"""PDF builder of a published recommendation (mecanismo.documents; run in the worker): the text
in the requested language (the original or a translation), with body, adoption, addressees and
objective tags."""

from django.shortcuts import get_object_or_404

from .selectors_outputs import recommendation_page


def recommendation_pdf(params: dict):
    rec = get_object_or_404(recommendation_page(), pk=params["recommendation_id"])
    language = params.get("language") or rec.language
    title, html = rec.title, rec.html
    for translation in rec.translations.all():
        if translation.language == language:
            title, html = translation.title, translation.html
    return "mesas/pdf/recommendation.html", {"rec": rec, "title": title, "html": html}
