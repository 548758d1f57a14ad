"""Demo communication (issue 14): announcements in MR 1 and MR 3 and a mechanism-wide one of
the dialogues, three MR 1 threads with replies (one post reported), the code of conduct.
Idempotent: announcements and threads are found by title. Made through the services, so the
notifications and e-mails are the real ones."""

from mecanismo.core.models import Objective
from membership.selectors import approved_members, contact_users
from mesas.models import Body

from . import services
from .models import Announcement, CodeOfConduct, Thread

CODE_OF_CONDUCT = {
    "es": "Trate a todas las personas con respeto. Manténgase en el tema del hilo. No comparta "
    "datos personales de nadie. Las coordinaciones pueden ocultar mensajes que no respeten "
    "estas reglas, siempre indicando el motivo.",
    "en": "Treat everyone with respect. Stay on the topic of the thread. Never share anyone's "
    "personal data. Coordinators may hide posts that break these rules, always giving a reason.",
    "pt": "Trate todas as pessoas com respeito. Mantenha-se no tema do tópico. Não compartilhe "
    "dados pessoais de ninguém. As coordenações podem ocultar mensagens que não respeitem estas "
    "regras, sempre indicando o motivo.",
    "fr": "Traitez chaque personne avec respect. Restez dans le sujet du fil. Ne partagez jamais "
    "les données personnelles de quiconque. Les coordinations peuvent masquer les messages qui "
    "ne respectent pas ces règles, en indiquant toujours le motif.",
}

THREADS = [
    (
        "Vías regulares: experiencias nacionales",
        "¿Qué programas de regularización conocen en sus países? Compartamos **experiencias** "
        "para la próxima reunión.",
        "public",
        [5, 7],
        ["En Colombia, el Estatuto Temporal de Protección ha sido clave.", "Gracias, muy útil."],
    ),
    (
        "Preparación del diálogo con gobiernos",
        "Propongo reunir nuestras recomendaciones sobre acceso a servicios básicos.",
        "members",
        [15],
        ["Podemos aportar datos sobre salud en frontera."],
    ),
    (
        "Información sobre rutas migratorias",
        "Abrimos este hilo para compartir información verificada sobre rutas y riesgos.",
        "members",
        [1, 10],
        ["Este mensaje repite rumores sin fuente y puede poner a gente en riesgo."],
    ),
]


def _code_of_conduct():
    if not CodeOfConduct.objects.exists():
        CodeOfConduct.objects.create(**{f"text_{lang}": t for lang, t in CODE_OF_CONDUCT.items()})


def _announce(actor, slug, title, text, wide=False):
    body = Body.objects.get(slug=slug)
    if not Announcement.objects.filter(body=body, title=title).exists():
        announcement = services.announcement_publish(
            actor=actor, body=body, title=title, text=text, mechanism_wide=wide
        )
        # At once rather than after the seed's commit: the demo shows the notifications even
        # when it runs inside a transaction (tests); the task after commit finds nothing to do.
        services.announcement_fanout(announcement_id=announcement.pk)


def seed(ctx: dict) -> None:
    _code_of_conduct()
    admin, gtsc, coordinator = ctx["admin"], ctx["gtsc"], ctx["coordinator1"]
    _announce(
        coordinator,
        "mr1",
        "Convocatoria: aportes para la reunión trimestral",
        "Envíen sus aportes sobre **vías regulares** antes del viernes.",
    )
    _announce(
        admin,
        "mr3",
        "Nuevo documento de trabajo sobre inclusión",
        "Ya está disponible el borrador para comentarios.",
    )
    _announce(
        gtsc,
        "dialogues",
        "Calendario de diálogos con gobiernos",
        "El próximo diálogo regional será en el segundo semestre. Más detalles pronto.",
        wide=True,
    )
    body = Body.objects.get(slug="mr1")
    member_user = ctx["member_user"]
    others = list(
        contact_users(approved_members(body.mesa).values("pk"))
        .exclude(pk=member_user.pk)
        .order_by("pk")[:3]
    )
    repliers = [coordinator, *others] or [coordinator]
    for index, (title, text, visibility, numbers, replies) in enumerate(THREADS):
        thread = Thread.objects.filter(body=body, title=title).first()
        if thread is not None:
            continue
        thread = services.thread_start(
            actor=member_user,
            body=body,
            title=title,
            text=text,
            visibility=visibility,
            objectives=list(Objective.objects.filter(number__in=numbers)),
        )
        services.post_fanout(post_id=thread.posts.get(is_opening=True).pk)
        for offset, reply in enumerate(replies):
            author = repliers[(index + offset) % len(repliers)]
            post = services.post_reply(actor=author, thread=thread, text=reply)
            services.post_fanout(post_id=post.pk)
            if index == 2:
                services.post_report(
                    actor=member_user, post=post, reason="Información sin verificar."
                )
