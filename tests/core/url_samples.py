"""Sample values for URL parameters of the Foundation's (and allauth's) views, used by
tests/test_url_walk.py. Other apps add a `tests/<app>/url_samples.py` with their own URL_SAMPLES.

Keys: a parameter name ("slug": every pattern with that parameter) or "<url name>:<parameter>"
("mesas:body_detail:slug": only that pattern; wins over the bare name). Values: a callable that
returns an iterable of values, read from the demo data (seed_demo has run when it is called).
"""


def _mesa_slugs():
    from mecanismo.core.models import Mesa

    return Mesa.objects.values_list("slug", flat=True)


def _objective_numbers():
    from mecanismo.core.models import Objective

    return Objective.objects.values_list("number", flat=True)


def _privacy_versions():
    from mecanismo.core.models import PrivacyNotice

    return PrivacyNotice.objects.values_list("version", flat=True)


URL_SAMPLES = {
    "slug": _mesa_slugs,
    "number": _objective_numbers,
    "core:privacy_version:version": _privacy_versions,
    # allauth: keys that do not exist lead to the "invalid link" pages.
    "account_confirm_email:key": lambda: ["not-a-real-key"],
    "account_reset_password_from_key:uidb36": lambda: ["1", "zz"],
    "account_reset_password_from_key:key": lambda: ["set-password", "not-a-real-key"],
}
