"""Sample values for the documents' URL parameters (tests/test_url_walk.py)."""


def _tokens():
    from mecanismo.documents.models import Document

    return Document.objects.order_by("pk").values_list("token", flat=True)


def _filenames():
    from mecanismo.documents.models import Document

    return Document.objects.order_by("pk").values_list("filename", flat=True)


URL_SAMPLES = {"documents:download:token": _tokens, "documents:download:filename": _filenames}
