"""The authorisation matrix (issue 11): who may use which URL, with which method.

Every app declares its rows in `tests/<app>/authz.py` as `ROWS = [Row(...), ...]`;
`tests/security/test_authz_matrix.py` collects them, fails for a URL pattern without a row, and
requests every row's URL as each of the eight roles below (GET, then every declared POST with
valid data), comparing what happened with the row. POSTs run on PostgreSQL in autocommit, outside
any test transaction, so a service that locks rows without `transaction.atomic` fails here.

A row:

    Row(
        "mesas:meeting_edit",
        kwargs=lambda w: {"pk": w.meeting.pk},          # real ids, from the world `w`
        get=MANAGERS_MR1,                                # roles that may open it
        posts=[Post(MANAGERS_MR1, lambda w, kw: {...})], # roles that may submit it, valid data
    )

`kwargs` and `data` are called again for every request, so a POST that consumes its object (a
request decided, an item deleted) creates a fresh one inside the callable (see `w.fresh_*`).
"Allowed" means the page answered (2xx, or a redirect that is not to the login, MFA or consent
page) and no form came back with errors; "denied" means 403, 404, 405 or a login redirect.
`get=None` marks a POST-only URL: every role's GET must be denied (405). A POST of a URL that
declares no `posts` is still sent, with no data, for every role: it must not answer 500.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

VISITOR = "visitor"
MEMBER = "member"
OTHER_MEMBER = "other_member"
COORD1 = "coordinator_mr1"
COORD2 = "coordinator_mr2"
LINKING = "linking_table"
GTSC = "gtsc_staff"
ADMIN = "admin"

ROLES = (VISITOR, MEMBER, OTHER_MEMBER, COORD1, COORD2, LINKING, GTSC, ADMIN)
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
SIGNED_IN = EVERYONE - {VISITOR}
MEMBERS = frozenset({MEMBER, OTHER_MEMBER})
MR1 = frozenset({COORD1, ADMIN})
MR2 = frozenset({COORD2, ADMIN})


@dataclass
class Post:
    roles: frozenset[str]
    data: Callable[[Any, dict], dict] = lambda w, kw: {}
    label: str = ""
    # The POST acts on the account itself (deletes it): it is sent by a new user holding the same
    # role (`World.double`), so the world's users survive.
    as_double: bool = False


@dataclass
class Row:
    name: str  # namespaced URL name
    kwargs: Callable[[Any], dict] = lambda w: {}
    get: frozenset[str] | None = EVERYONE
    posts: list[Post] = field(default_factory=list)
    query: str = ""  # appended to the URL of the GET ("?q=…")
    # Redirect targets (paths after the language prefix) that mean "you may not" for this URL,
    # e.g. "register/" for pages that send people without a member profile to sign up.
    denied_redirects: tuple[str, ...] = ()
    note: str = ""  # tells two rows of one URL apart ("private", "filtered")
    # Views of a third-party package (allauth): the access rule and "no 500" are checked, their
    # forms are tested by the package and tests/core/test_account_pages.py.
    third_party: bool = False


def roles(*names: str | frozenset[str]) -> frozenset[str]:
    result: set[str] = set()
    for name in names:
        result |= {name} if isinstance(name, str) else set(name)
    return frozenset(result)
