"""Issue 14 'done when' (without the import, not built yet), tried in a browser: a coordinator
posts an announcement and members receive it once each; a member starts a thread, another
replies, the first gets a notification; a post is reported and hidden; a weekly digest reaches
a member who chose it, exactly once, and its unsubscribe link works without login."""

import datetime
import re

from django.core import mail
from django.test import Client
from django.utils import timezone

from communication import services
from communication.models import Frequency, Notification, Post, Thread
from mecanismo.outbox.models import OutboxMessage
from tests.e2e.conftest import visit
from tests.mesas import factories as f


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(15_000)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx, ctx.new_page()


def test_announcement_thread_moderation_and_weekly_digest(browser, live_server, reference_data):
    boss = f.coordinator(1)
    _org_a, ana = f.member_in_mesa(1, name="Red de Mujeres Migrantes")
    _org_b, beto = f.member_in_mesa(1, name="Colectivo Frontera Sur")
    _org_c, carla = f.member_in_mesa(1, name="Diáspora Unida")
    contexts = []
    try:
        boss_ctx, bpage = _login(browser, live_server, boss)
        ana_ctx, apage = _login(browser, live_server, ana)
        beto_ctx, opage = _login(browser, live_server, beto)
        contexts += [boss_ctx, ana_ctx, beto_ctx]

        # Carla chooses a weekly digest for announcements on the settings page.
        carla_ctx, cpage = _login(browser, live_server, carla)
        contexts.append(carla_ctx)
        visit(cpage, "/es/settings/notifications/")
        cpage.locator("#id_frequency-announcements").select_option("weekly")
        cpage.locator("main form button[type=submit]").click()
        cpage.wait_for_url(re.compile(r"/settings/notifications/$"))
        assert services.frequencies_for(carla)["announcements"] == Frequency.WEEKLY

        # 1. The coordinator posts an announcement from the body page.
        visit(bpage, "/es/bodies/mr1/")
        bpage.get_by_role("link", name="Publicar un aviso").click()
        bpage.locator("#id_title").fill("Convocatoria de aportes")
        bpage.locator("#id_text").fill("Envíen sus **aportes** antes del viernes.")
        bpage.locator("main form button[type=submit]").click()
        bpage.wait_for_url(re.compile(r"/es/announcements/\d+/$"))
        immediate = OutboxMessage.objects.filter(category="announcements")
        assert sorted(immediate.values_list("user_id", flat=True)) == sorted([ana.pk, beto.pk])
        received = [address for m in mail.outbox for address in m.to]
        assert received.count(ana.email) == 1 and received.count(beto.email) == 1
        assert carla.email not in received
        visit(apage, "/es/me/")  # the member's personal home lists it
        assert "Convocatoria de aportes" in apage.content()

        # 2. Ana starts a thread, Beto replies, Ana gets a notification.
        visit(apage, "/es/bodies/mr1/discussions/")
        apage.get_by_role("link", name="Abrir un hilo").click()
        apage.locator("#id_title").fill("Vías regulares en la región")
        apage.locator("#id_text").fill("¿Qué experiencias conocen?")
        apage.locator("main form button[type=submit]").click()
        apage.wait_for_url(re.compile(r"/es/discussions/\d+/$"))
        thread = Thread.objects.get()
        visit(opage, thread.get_absolute_url())
        opage.locator("#id_text").fill("En Colombia, el Estatuto Temporal de Protección.")
        opage.locator("main form button[type=submit]").click()
        opage.wait_for_url(re.compile(r"/es/discussions/\d+/#post-\d+$"))
        visit(apage, "/es/notifications/")
        assert "Respuesta: Vías regulares en la región" in apage.content()
        assert Notification.objects.filter(user=ana, kind="reply").count() == 1

        # 3. Ana reports Beto's reply; the coordinator hides it with a reason.
        reply = Post.objects.get(is_opening=False)
        visit(apage, thread.get_absolute_url())
        apage.get_by_role("link", name="Denunciar").click()
        apage.locator("#id_reason").fill("Dato sin fuente")
        apage.locator("main form button[type=submit]").click()
        apage.wait_for_url(re.compile(r"/es/discussions/\d+/"))
        visit(bpage, "/es/bodies/mr1/moderation/")
        assert "Dato sin fuente" in bpage.content()
        bpage.get_by_role("link", name="Ocultar").click()
        bpage.locator("#id_reason").fill("Falta la fuente; vuelva a publicarlo con ella")
        bpage.locator("main form button[type=submit]").click()
        bpage.wait_for_url(re.compile(r"/es/discussions/\d+/"))
        reply.refresh_from_db()
        assert reply.is_hidden
        assert OutboxMessage.objects.filter(user=beto, category="moderation").count() == 1

        # 4. The weekly digest reaches Carla exactly once; its link unsubscribes without login.
        Notification.objects.filter(user=carla).update(
            created_at=timezone.now() - datetime.timedelta(days=7)
        )
        today = timezone.now().date()
        assert services.digests_send(frequency="weekly", today=today) == 1
        assert services.digests_send(frequency="weekly", today=today) == 0
        digest = [
            m
            for m in mail.outbox
            if m.to == [carla.email] and ":digest:" in m.extra_headers["X-Outbox-Key"]
        ]
        assert len(digest) == 1
        assert "Convocatoria de aportes" in digest[0].body
        link = re.search(r"https?://\S+/unsubscribe/\S+/", digest[0].body).group(0)
        path = "/" + link.split("/", 3)[3]
        anonymous = browser.new_context(base_url=live_server.url, bypass_csp=True)
        contexts.append(anonymous)
        upage = anonymous.new_page()
        visit(upage, path)
        upage.get_by_role("button", name="Darse de baja").click()
        upage.wait_for_load_state()
        assert "Listo" in upage.content()
        assert services.frequencies_for(carla)["announcements"] == Frequency.OFF
    finally:
        for ctx in contexts:
            ctx.close()
