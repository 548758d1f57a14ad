from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "key", "filename", "language", "public", "status", "attempts"]
    list_filter = ["status", "public", "language"]
    search_fields = ["key", "filename"]
    show_full_result_count = False
    actions = ["rerender"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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
