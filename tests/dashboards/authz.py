"""Authorisation matrix rows of the dashboards (§8). Format: tests/security/authz.py.

GT-SC staff and admins see everything; the coordinators of a mesa see their own mesa (the
default filter for them); everyone else is refused."""

from tests.security.authz import ADMIN, COORD1, COORD2, GTSC, Post, Row, roles

READERS = roles(COORD1, COORD2, GTSC, ADMIN)

ROWS = [
    Row("dashboards:index", get=READERS),
    Row("dashboards:export", kwargs=lambda w: {"table": "members_over_time"}, get=READERS),
    Row("dashboards:export", kwargs=lambda w: {"table": "gender"}, get=READERS, note="people"),
    # The linking table's sections are GT-SC staff's and admins' (coordinators: 404).
    Row(
        "dashboards:export",
        kwargs=lambda w: {"table": "linking_gender"},
        get=roles(GTSC, ADMIN),
        note="linking table",
    ),
    Row(
        "dashboards:report",
        get=None,
        posts=[Post(READERS, lambda w, kw: {"quarter": "", "mesa": "", "subregion": ""})],
    ),
]
