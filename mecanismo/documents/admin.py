from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mecanismo.core.admin import JobAdmin

from . import services
from .models import Document


@admin.register(Document)
class DocumentAdmin(JobAdmin):
    list_display = ["created_at", "key", "filename", "language", "public", "status", "attempts"]
    list_filter = ["status", "public", "language"]
    search_fields = ["key", "filename"]
    actions = ["rerender"]

    @admin.action(description=_("Render the selected documents again"))
    def rerender(self, request, queryset):
        count = 0
        for document in queryset:
            services.document_rerender(document=document)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d document queued for rendering.",
                "%(count)d documents queued for rendering.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
