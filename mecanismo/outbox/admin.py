from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mecanismo.core.admin import JobAdmin

from . import services
from .models import NotificationOptOut, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(JobAdmin):
    list_display = ["created_at", "key", "to", "category", "language", "status", "attempts"]
    list_filter = ["status", "category", "language"]
    search_fields = ["key", "to"]
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["retry"]

    @admin.action(description=_("Retry the selected messages (failed or pending)"))
    def retry(self, request, queryset):
        count = services.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["user"]
