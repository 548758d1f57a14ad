from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ContactPerson, Member, MesaMembership, RegistrationDraft


class ContactInline(admin.TabularInline):
    model = ContactPerson
    fk_name = "member"
    fields = ["user", "status", "position", "requested_at", "decided_at", "left_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class MembershipInline(admin.TabularInline):
    model = MesaMembership
    fields = ["mesa", "status", "requested_at", "decided_at", "decided_by", "left_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class HasContactsFilter(admin.SimpleListFilter):
    """Find the organisations whose last contact left (§9): they stay until an admin archives
    them with the action below."""

    title = _("contact persons")
    parameter_name = "contacts"

    def lookups(self, request, model_admin):
        return [("none", _("Without contact persons")), ("some", _("With contact persons"))]

    def queryset(self, request, queryset):
        approved = ContactPerson.objects.filter(member=OuterRef("pk"), status="approved")
        if self.value() == "none":
            return queryset.filter(~Exists(approved))
        if self.value() == "some":
            return queryset.filter(Exists(approved))
        return queryset


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "actor_type",
        "country",
        "subregion",
        "listed_in_directory",
        "archived_at",
    ]
    list_filter = [
        HasContactsFilter,
        "kind",
        "subregion",
        "listed_in_directory",
        "archived_at",
        "actor_type",
    ]
    search_fields = ["name", "name_normalised"]
    list_select_related = ["actor_type", "country"]
    readonly_fields = ["subregion", "created_at", "archived_at"]
    inlines = [ContactInline, MembershipInline]
    actions = ["archive"]
    # Django 6 behaviour now: a website typed without a scheme is https, not http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Archive the selected members"))
    def archive(self, request, queryset):
        for member in queryset:
            services.member_archive(actor=request.user, member=member)
        messages.success(request, _("The selected members were archived."))


@admin.register(MesaMembership)
class MesaMembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "mesa", "status", "requested_at", "decided_at", "left_at"]
    list_filter = ["mesa", "status"]
    list_select_related = ["member", "mesa"]
    search_fields = ["member__name"]
    raw_id_fields = ["member", "requested_by", "decided_by"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "status", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["user", "member"]
    raw_id_fields = ["user", "member", "decided_by"]
    search_fields = ["user__email", "member__name"]


@admin.register(RegistrationDraft)
class RegistrationDraftAdmin(admin.ModelAdmin):
    list_display = ["user", "step", "updated_at"]
    fields = ["user", "step", "updated_at"]
    readonly_fields = fields
