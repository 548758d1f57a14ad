"""Sample values of the dashboards' URL parameters for tests/test_url_walk.py."""


def _tables():
    from dashboards.selectors import TABLE_KEYS

    return TABLE_KEYS


URL_SAMPLES = {"dashboards:export:table": _tables}
