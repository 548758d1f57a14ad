"""Demo members (issue 5): a few dozen organisations and people across the subregions, actor types
and mesas; member@demo.local acts for an organisation in MR 1 and MR 3; pending requests for
coordinator1 (MR 1); one member with a history (joined, left, rejoined). Idempotent and quick:
rows are found by name, and demo contacts share one password hash computed once."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from mecanismo.core.demo import DEMO_PASSWORD
from mecanismo.core.models import ActorType, Country, Mesa, PrivacyConsent, PrivacyNotice, User

from .models import ContactPerson, ContactStatus, Member, MesaMembership

# name, kind, actor type, country, mesas (approved), listed
MEMBERS = [
    ("Red Regional de Mujeres Migrantes", "organisation", "migrant_women_org", "CR", [1, 3], True),
    ("Casa del Migrante Tapachula", "organisation", "faith_based", "MX", [1, 2], True),
    ("Colectivo Venezolanos en Lima", "organisation", "migrant_org", "PE", [1, 4], True),
    ("Asociación Haitiana de Santo Domingo", "organisation", "migrant_org", "DO", [2], True),
    ("Fundación Derechos sin Fronteras", "organisation", "cso", "CO", [2, 3], True),
    ("Sindicato Regional de Trabajadoras del Hogar", "organisation", "workers", "GT", [1], True),
    ("Cámara de Empresas por la Integración", "organisation", "employers", "PA", [1], True),
    ("Defensoría del Pueblo de Ecuador", "organisation", "nhri", "EC", [3], True),
    (
        "Observatorio de Migraciones — Universidad del Caribe",
        "organisation",
        "academia",
        "JM",
        [4],
        True,
    ),
    ("Radio Comunitaria Frontera Sur", "organisation", "media", "HN", [2], True),
    ("Diáspora Caribeña en Toronto", "organisation", "diaspora_org", "ZZ", [4], True),
    ("Mujeres y Niñas Migrantes Libres", "organisation", "women_rights_org", "SV", [2, 3], True),
    ("Pastoral de Movilidad Humana Chile", "organisation", "faith_based", "CL", [3], True),
    ("Red Jesuita con Migrantes Brasil", "organisation", "faith_based", "BR", [1, 3], True),
    (
        "Comisión Municipal de Derechos Humanos de Tijuana",
        "organisation",
        "local_hri",
        "MX",
        [2],
        True,
    ),
    ("Centro de Estudios Migratorios de Trinidad", "organisation", "academia", "TT", [4], True),
    ("Coalición Caribeña por los Derechos", "organisation", "cso", "BB", [1, 2, 3, 4], True),
    ("Asociación de Bolivianos en Buenos Aires", "organisation", "migrant_org", "AR", [1], True),
    ("Empresas Unidas por el Trabajo Decente", "organisation", "private_sector", "UY", [1], True),
    ("Iniciativa Juvenil Migrante", "organisation", "cso", "PY", [3], True),
    ("Red de Acogida Nicaragüense", "organisation", "migrant_org", "CR", [2], True),
    ("Foro Cubano de Movilidad", "organisation", "other", "CU", [4], False),
    ("Mesa de Migrantes de Belice", "organisation", "migrant_org", "BZ", [], True),
    ("Alianza Guyanesa por la Inclusión", "organisation", "cso", "GY", [3], True),
    ("Colectivo Surinamés de Retorno", "organisation", "migrant_org", "SR", [2], False),
    ("Ana Lucía Quispe", "individual", "migrant_person", "BO", [3], True),
    ("Jean-Baptiste Pierre", "individual", "migrant_person", "HT", [2], True),
    ("Yusleidy Hernández", "individual", "migrant_person", "VE", [1, 4], False),
    ("Rosa Elena Mamani", "individual", "migrant_person", "CL", [3], True),
    ("Kemar Williams", "individual", "migrant_person", "ZZ", [4], False),
]
MEMBER_ORG = "Red Regional de Mujeres Migrantes"
PENDING_FOR_MR1 = [
    "Fundación Derechos sin Fronteras",
    "Radio Comunitaria Frontera Sur",
    "Ana Lucía Quispe",
]
WITH_HISTORY = "Asociación Haitiana de Santo Domingo"


def _contact_user(index: int, name: str, password_hash: str) -> User:
    email = f"contact{index:02d}@demo.local"
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "password": password_hash}
    )
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed(ctx: dict) -> None:
    mesas = {m.number: m for m in Mesa.objects.all()}
    actor_types = {a.code: a for a in ActorType.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    fallback_actor = actor_types.get("cso") or next(iter(actor_types.values()))
    password_hash = make_password(DEMO_PASSWORD)
    now = timezone.now()
    coordinator = ctx.get("coordinator1")
    notice = PrivacyNotice.current()

    members = []
    for index, (name, kind, actor, country, in_mesas, listed) in enumerate(MEMBERS, start=1):
        member, created = Member.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "actor_type": actor_types.get(actor, fallback_actor),
                "country": countries.get(country, countries["ZZ"]),
                "listed_in_directory": listed,
                "works_national": True,
                "works_regional": index % 3 == 0,
                "works_local": index % 2 == 0,
                "gathers_networks": kind == "organisation" and index % 4 == 0,
                "description": (
                    "Acompañamiento, incidencia y defensa de los derechos de las personas "
                    "migrantes y refugiadas."
                ),
                "created_at": now - timedelta(days=400 - index * 7),
            },
        )
        members.append(member)
        if name == MEMBER_ORG and ctx.get("member_user"):
            user = ctx["member_user"]
        else:
            user = _contact_user(
                index, name if kind == "individual" else f"Contacto {index}", password_hash
            )
        ContactPerson.objects.get_or_create(
            member=member,
            user=user,
            defaults={"status": ContactStatus.APPROVED, "decided_at": member.created_at},
        )
        if notice is not None:
            PrivacyConsent.objects.get_or_create(user=user, notice=notice)
        if not created:
            continue
        for number in in_mesas:
            MesaMembership.objects.create(
                member=member,
                mesa=mesas[number],
                status="approved",
                requested_at=member.created_at + timedelta(days=1),
                requested_by=user,
                decided_at=member.created_at + timedelta(days=3),
                decided_by=coordinator if number == 1 else None,
            )
        if name in PENDING_FOR_MR1:
            MesaMembership.objects.create(
                member=member,
                mesa=mesas[1],
                requested_by=user,
                motivation="Queremos aportar nuestra experiencia en vías de migración regular.",
            )
        if name == WITH_HISTORY:
            start = member.created_at
            MesaMembership.objects.create(
                member=member,
                mesa=mesas[3],
                status="left",
                requested_by=user,
                requested_at=start + timedelta(days=2),
                decided_at=start + timedelta(days=4),
                left_at=start + timedelta(days=120),
            )
            MesaMembership.objects.create(
                member=member,
                mesa=mesas[3],
                status="approved",
                requested_by=user,
                requested_at=start + timedelta(days=200),
                decided_at=start + timedelta(days=203),
            )
    ctx["members"] = members
    ctx["member_org"] = Member.objects.get(name=MEMBER_ORG)
