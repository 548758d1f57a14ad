from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import models
from .audit import action_label as audit_action_label
from .services import audit_record


class JobAdmin(admin.ModelAdmin):
    """Rows of the job pipeline (outbox e-mail, PDF documents) are written by services only:
    the admin lists them, read-only, and offers the app's own requeue action."""

    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "language", "time_zone", "anonymised_at"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_es", "name_en", "subregion", "is_territory"]
    list_filter = ["subregion", "is_territory"]
    search_fields = ["code", "name_es", "name_en", "name_pt", "name_fr"]


class ObjectiveInline(admin.TabularInline):
    model = models.Objective
    fields = ["number", "title_es"]
    extra = 0
    show_change_link = True


@admin.register(models.Mesa)
class MesaAdmin(admin.ModelAdmin):
    list_display = ["number", "slug", "name_es"]
    inlines = [ObjectiveInline]


@admin.register(models.Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title_es", "mesa"]
    list_filter = ["mesa"]
    search_fields = ["title_es", "title_en", "title_pt", "title_fr"]


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "acronym_es", "acronym_en", "name_en"]


@admin.register(models.ActorType)
class ActorTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_es",
        "migrant_led",
        "for_individuals",
        "for_organisations",
        "sort",
    ]
    list_editable = ["sort"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "mesa", "agency", "starts_on", "ends_on"]
    list_filter = ["role", "mesa", "agency"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["assigned_by", "created_at"]
    list_select_related = ["user", "mesa", "agency"]
    date_hierarchy = "starts_on"

    def save_model(self, request, obj, form, change):
        """Roles are sensitive (§9): record who assigned or changed one."""
        if not change:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="role.changed" if change else "role.assigned",
            target=obj,
            role=obj.role,
            mesa=obj.mesa_id,
            agency=obj.agency_id,
            ends_on=obj.ends_on.isoformat() if obj.ends_on else None,
        )


@admin.register(models.PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]


@admin.register(models.AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "action"]
    date_hierarchy = "created_at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, obj):
        return audit_action_label(obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The admin's own login form would skip the TOTP step: send people to the portal's (allauth) login,
# where MFA applies; a signed-in non-staff user gets 403 instead of a second login form.
admin.site.login = secure_admin_login(admin.site.login)
