"""Measures every list and dashboard page against one database built by `seed_scale` (run by
tests/bench/test_scale_bench.py in a subprocess, with DATABASE_URL pointing at that database, so
the scale data is built once and reused between runs instead of living in pytest's test
database). Prints one JSON object: {label: [queries, median seconds, status]} and a staff session
cookie for the throughput part.

    DATABASE_URL=… python -m tests.bench.scale_pages [runs]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mecanismo.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from dashboards.management.commands.seed_scale import ACCOUNTS  # noqa: E402
from mecanismo.core.models import Mesa, User  # noqa: E402

# (label, address, who): who is None (anonymous) or a key of seed_scale.ACCOUNTS.
PAGES = [
    ("home", "/es/", None),
    ("mesas", "/es/mesas/", None),
    ("objectives", "/es/objectives/", None),
    ("objective page", "/es/objectives/1/", None),
    ("bodies", "/es/bodies/", None),
    ("bodies overview", "/es/bodies/overview/", "staff"),
    ("body page", "/es/bodies/mr1/", None),
    ("calendar", "/es/calendar/", None),
    ("calendar, page 2", "/es/calendar/?page=2", None),
    ("recommendations", "/es/recommendations/", None),
    ("dialogues", "/es/dialogues/", None),
    ("indicators", "/es/indicators/", None),
    ("directory", "/es/directory/", None),
    ("directory, filtered", "/es/directory/?subregion=caribbean&mesa=mr2", None),
    ("directory, search", "/es/directory/?q=red", None),
    ("linking table", "/es/linking-table/", None),
    ("api recommendations", "/api/v1/recommendations/", None),
    ("api indicators", "/api/v1/indicators/", None),
    ("api linking table", "/api/v1/linking-table/", None),
    ("my home", "/es/me/", "member"),
    ("my calendar", "/es/calendar/mine/", "member"),
    ("my inputs", "/es/inputs/mine/", "member"),
    ("my mesas", "/es/my-mesas/", "member"),
    ("my data", "/es/my-data/", "member"),
    ("contact requests", "/es/contact-requests/", "member"),
    ("notifications", "/es/notifications/", "member"),
    ("announcements", "/es/bodies/mr1/announcements/", "member"),
    ("discussions", "/es/bodies/mr1/discussions/", "member"),
    ("discussion search", "/es/discussions/search/?q=migrantes", "member"),
    ("coordination", "/es/coordination/", "coordinator"),
    ("mesa requests", "/es/coordination/mr1/requests/", "coordinator"),
    ("mesa members", "/es/coordination/mr1/members/", "coordinator"),
    ("mesa composition", "/es/coordination/mr1/composition/", "coordinator"),
    ("body inputs", "/es/bodies/mr1/inputs/", "coordinator"),
    ("moderation", "/es/bodies/mr1/moderation/", "coordinator"),
    ("coordinators", "/es/coordinators/", "staff"),
    ("audit log", "/es/audit/", "admin"),
    ("dashboard", "/es/dashboard/", "staff"),
    ("dashboard, one mesa", "/es/dashboard/?mesa={mesa}", "staff"),
    ("dashboard, subregion", "/es/dashboard/?subregion=caribbean", "staff"),
    ("dashboard, coordinator", "/es/dashboard/", "coordinator"),
    ("dashboard CSV", "/es/dashboard/export/members_over_time.csv", "staff"),
]
DASHBOARD = "/es/dashboard/"
TRIVIAL = "/es/about/"


def main(runs: int) -> None:
    clients = {None: Client()}
    for who, email in ACCOUNTS.items():
        clients[who] = Client()
        clients[who].force_login(User.objects.get(email=email))
    mesa = Mesa.objects.order_by("number").first()
    result = {}
    for label, url, who in PAGES:
        url = url.format(mesa=mesa.pk)
        client = clients[who]
        client.get(url)  # warm up (templates, a release made on first sight)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        queries = len(ctx.captured_queries)  # now: the next requests clear the query log
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        result[label] = [queries, statistics.median(times), status]
    print(json.dumps({"pages": result, "session": clients["staff"].cookies["sessionid"].value}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
