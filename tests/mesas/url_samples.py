"""Sample URL parameters of the meetings pages for tests/test_url_walk.py (read from demo data)."""


def _body_slugs():
    from mesas.models import Body

    return Body.objects.order_by("sort").values_list("slug", flat=True)


def _tokens():
    from mesas.models import CalendarToken

    return [*CalendarToken.objects.values_list("token", flat=True), "not-a-real-token"]


def _items():
    from mesas.models import AgendaItem

    return AgendaItem.objects.order_by("pk").values_list("pk", flat=True)


def _proposals():
    from mesas.models import AgendaProposal

    return AgendaProposal.objects.order_by("pk").values_list("pk", flat=True)


def _documents():
    from mesas.models import AgendaDocument

    return AgendaDocument.objects.order_by("pk").values_list("pk", flat=True)


def _indicators():
    from mesas.models import Indicator

    return [*Indicator.objects.order_by("pk").values_list("slug", flat=True), "no-such-indicator"]


URL_SAMPLES = {
    "mesas:body_detail:slug": _body_slugs,
    "mesas:meeting_create:slug": _body_slugs,
    "mesas:feed_body:slug": _body_slugs,
    "mesas:feed_private:token": _tokens,
    "item": _items,
    "mesas:proposal_accept:pk": _proposals,
    "mesas:proposal_decline:pk": _proposals,
    "mesas:document_download:pk": _documents,
    # issue 13: inputs, consultations and recommendations per body; indicators by address
    "mesas:body_inputs:slug": _body_slugs,
    "mesas:consultation_create:slug": _body_slugs,
    "mesas:recommendation_create:slug": _body_slugs,
    "indicator": _indicators,
}
