"""Benchmark (make bench, issue 5, SPEC §10): the directory (first page and a filtered page) and a
mesa's member list at 1,000 and at 100,000 members (150,000 users).

Prints, per page: SQL queries at both sizes (must be equal) and the ratio of median response times
100k / 1k (target ≤ 1.5). Rows are written with bulk_create in large batches (one INSERT per
batch, close to COPY speed); the test transaction rolls everything back at the end.
"""

import os
import random
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mecanismo.core.models import ActorType, Country, Mesa, Role, RoleAssignment, User
from membership.models import (
    ContactPerson,
    Member,
    MesaMembership,
    normalise_name,
)

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

SMALL = int(os.environ.get("MEMBERSHIP_BENCH_SMALL", "1000"))
LARGE = int(os.environ.get("MEMBERSHIP_BENCH_LARGE", "100000"))
RUNS = int(os.environ.get("MEMBERSHIP_BENCH_RUNS", "25"))
BATCH = 5000
WORDS = [
    "Asociación",
    "Red",
    "Colectivo",
    "Fundación",
    "Centro",
    "Casa",
    "Movimiento",
    "Alianza",
    "Observatorio",
    "Pastoral",
    "Sindicato",
    "Coalición",
    "Iniciativa",
    "Foro",
    "Mesa",
]
PLACES = [
    "Andina",
    "Caribeña",
    "del Sur",
    "Mesoamericana",
    "Ñandú",
    "Amazónica",
    "Fronteriza",
    "Costera",
    "Migrante",
    "Solidaria",
    "Diáspora",
    "Esperanza",
    "Horizonte",
    "Puentes",
]
PAGES = {
    "directory, first page": ("/es/directory/", None),
    "directory, filtered (subregion + mesa)": (
        "/es/directory/?subregion=caribbean&mesa=mr2",
        None,
    ),
    "mesa member list (coordinator)": ("/es/coordination/mr1/members/", "coordinator"),
}


def build(start: int, stop: int, rng: random.Random) -> None:
    """Members start..stop-1; 1.5 users per member (every member one contact, every other
    organisation a second); each member approved in one or two mesas."""
    countries = list(Country.objects.all())
    actor_types = list(ActorType.objects.all())
    mesas = list(Mesa.objects.all())
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        members = []
        for i in range(lo, hi):
            name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {i}"
            country = rng.choice(countries)
            members.append(
                Member(
                    kind="organisation",
                    name=name,
                    name_normalised=normalise_name(name),
                    actor_type=rng.choice(actor_types),
                    country=country,
                    subregion=country.subregion,
                    listed_in_directory=rng.random() < 0.9,
                    description="Organización de la sociedad civil que trabaja con migrantes.",
                )
            )
        members = Member.objects.bulk_create(members, batch_size=BATCH)
        users = []
        owners = []
        for member in members:
            count = 2 if member.pk % 2 == 0 else 1
            for k in range(count):
                users.append(
                    User(email=f"bench{member.pk}-{k}@example.org", password="!", full_name="")
                )
                owners.append(member)
        users = User.objects.bulk_create(users, batch_size=BATCH)
        ContactPerson.objects.bulk_create(
            [
                ContactPerson(member=m, user=u, status="approved")
                for m, u in zip(owners, users, strict=True)
            ],
            batch_size=BATCH,
        )
        rows = []
        for member in members:
            for mesa in rng.sample(mesas, rng.choice([1, 1, 2])):
                rows.append(MesaMembership(member=member, mesa=mesa, status="approved"))
        MesaMembership.objects.bulk_create(rows, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE membership_member; ANALYZE membership_mesamembership; "
            "ANALYZE membership_contactperson; ANALYZE core_user;"
        )


def measure(clients) -> dict[str, tuple[int, float]]:
    result = {}
    for label, (url, who) in PAGES.items():
        client = clients[who]
        assert client.get(url).status_code == 200  # warm up
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        result[label] = (queries, statistics.median(times))
    return result


def test_membership_pages_scale_from_1k_to_100k_members(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    rng = random.Random(2026)
    coordinator = User.objects.create(email="bench-coordinator@example.org", password="!")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.COORDINATOR, mesa=Mesa.objects.get(number=1)
    )
    clients = {None: Client(), "coordinator": Client()}
    clients["coordinator"].force_login(coordinator)

    started = time.perf_counter()
    build(0, SMALL, rng)
    small = measure(clients)
    build(SMALL, LARGE, rng)
    built = time.perf_counter() - started
    large = measure(clients)

    print(
        f"\nMembership bench: {Member.objects.count():,} members, {User.objects.count():,} users "
        f"(built in {built:.0f} s), median of {RUNS} requests"
    )
    print(
        f"{'page':<42} {'queries 1k':>10} {'queries 100k':>12} {'1k ms':>8} {'100k ms':>8} "
        f"{'ratio':>6}"
    )
    problems = []
    for label in PAGES:
        q_small, t_small = small[label]
        q_large, t_large = large[label]
        ratio = t_large / t_small
        print(
            f"{label:<42} {q_small:>10} {q_large:>12} {t_small * 1000:>8.1f} "
            f"{t_large * 1000:>8.1f} {ratio:>6.2f}{'' if ratio <= 1.5 else '  (target ≤ 1.5)'}"
        )
        if q_small != q_large:
            problems.append(f"{label}: {q_small} queries at 1k, {q_large} at 100k")
    # The query count is a correctness property (constant per page); time ratios are printed only.
    assert not problems, problems
