from django.contrib import admin

from .models import Announcement, CodeOfConduct, Post, PostReport, Thread


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    """The code of conduct page shows the most recently saved text."""

    list_display = ["__str__", "updated_at"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "mechanism_wide", "created_at"]
    list_filter = ["body", "mechanism_wide"]
    readonly_fields = ["author", "created_at", "fanned_out_at"]
    search_fields = ["title"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "visibility", "reply_count", "last_post_at"]
    list_filter = ["body", "visibility"]
    search_fields = ["title"]
    readonly_fields = ["author", "created_at", "last_post_at", "reply_count"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Moderation is done on the portal (reason, author told, audit); the admin only reads."""

    list_display = ["__str__", "created_at", "hidden_at"]
    list_filter = ["thread__body"]
    readonly_fields = [f.name for f in Post._meta.fields if f.name != "search_vector"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ["post", "created_at", "resolved_at"]
    readonly_fields = ["post", "reporter", "reason", "created_at", "resolved_at"]
