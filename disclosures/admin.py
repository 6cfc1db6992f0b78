from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from disclosures import services
from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    Category,
    Disclosure,
    GuideSection,
    Organ,
    Topic,
)


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "uscc", "office_name", "phone", "order"]
    search_fields = ["name", "short_name", "uscc"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "uscc", "order"]}),
        (
            _("政府信息公开工作机构（公开指南必备信息）"),
            {"fields": ["office_name", "address", "postal_code", "office_hours", "phone", "fax", "email", "website"]},
        ),
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "decision_kind", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "order", "size", "content_type"]
    readonly_fields = ["size", "content_type"]


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["index_number", "title", "kind", "category", "status", "published_at", "validity"]
    list_display_links = ["index_number", "title"]
    list_filter = ["status", "kind", "category", "validity", "organ"]
    list_select_related = ["category__parent", "organ"]
    search_fields = ["title", "index_number", "document_number"]
    date_hierarchy = "published_at"
    readonly_fields = ["index_number", "created_at", "updated_at"]
    autocomplete_fields = ["interprets", "related", "topic"]
    inlines = [AttachmentInline]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["index_number", "title", "kind", "category", "organ", "status"]}),
        (_("元数据"), {"fields": ["document_number", "topic", "written_on", "published_at", "source", "author"]}),
        (_("内容"), {"fields": ["summary", "body"]}),
        (_("规范性文件"), {"fields": ["validity", "repealed_on"], "classes": ["collapse"]}),
        (_("关联"), {"fields": ["interprets", "related"]}),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.status == "published":
            self.warn_missing_interpretations(request, Disclosure.objects.filter(pk=obj.pk))
        if not change:
            self.message_user(request, _("已生成索引号：%(number)s") % {"number": obj.index_number}, messages.INFO)

    @admin.action(description=_("发布所选信息"), permissions=["change"])
    def publish(self, request, queryset):
        done, failed = 0, []
        for disclosure in queryset:
            try:
                services.publish_disclosure(disclosure=disclosure, actor=request.user)
                done += 1
            except ValidationError as exc:
                failed.append(f"{disclosure.title}：{'；'.join(exc.messages)}")
        if done:
            self.message_user(request, ngettext("已发布 %d 条信息。", "已发布 %d 条信息。", done) % done)
        for message in failed:
            self.message_user(request, message, messages.ERROR)
        self.warn_missing_interpretations(request, queryset)

    def warn_missing_interpretations(self, request, queryset):
        for title in queryset.without_interpretation().values_list("title", flat=True):
            self.message_user(
                request,
                _("“%(title)s”尚未关联政策解读：政策文件与解读材料应同步发布。") % {"title": title},
                messages.WARNING,
            )

    @admin.action(description=_("撤回所选信息"), permissions=["change"])
    def withdraw(self, request, queryset):
        for disclosure in queryset:
            services.withdraw_disclosure(disclosure=disclosure, actor=request.user)
        self.message_user(request, _("已撤回 %(n)d 条信息。") % {"n": len(queryset)})


@admin.register(AdministrativeDecision)
class AdministrativeDecisionAdmin(admin.ModelAdmin):
    list_display = ["document_number", "party_name", "kind", "licence_number", "decided_on", "status"]
    list_display_links = ["document_number", "party_name"]
    list_filter = ["kind", "status", "party_type", "licence_category", "current_status", "organ"]
    list_select_related = ["organ"]
    search_fields = ["party_name", "party_uscc", "licence_number", "document_number"]
    date_hierarchy = "decided_on"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["kind", "organ", "status", "published_at"]}),
        (
            _("行政相对人"),
            {
                "fields": [
                    "party_name",
                    "party_type",
                    "party_uscc",
                    ("party_business_reg_no", "party_org_code", "party_tax_reg_no"),
                    ("party_institution_cert_no", "party_social_org_reg_no"),
                    "legal_representative",
                    ("legal_rep_id_type", "legal_rep_id_number"),
                    ("party_id_type", "party_id_number"),
                ]
            },
        ),
        (
            _("决定"),
            {
                "fields": [
                    "document_name",
                    "document_number",
                    "licence_category",
                    "certificate_name",
                    "licence_number",
                    "content",
                    "decided_on",
                    ("valid_from", "valid_until"),
                    ("authority", "authority_uscc"),
                    "current_status",
                    ("data_source", "data_source_uscc"),
                    "remarks",
                ]
            },
        ),
        (
            _("行政处罚"),
            {
                "fields": [
                    "violation_type",
                    "violation_facts",
                    "penalty_basis",
                    "penalty_category",
                    ("fine_amount", "confiscated_amount"),
                    "suspended_licence",
                    "publicity_until",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.action(description=_("公示所选决定"), permissions=["change"])
    def publish(self, request, queryset):
        n = services.publish_decisions(decisions=list(queryset), actor=request.user)
        self.message_user(request, _("已公示 %(n)d 条决定。") % {"n": n})

    @admin.action(description=_("撤回所选决定"), permissions=["change"])
    def withdraw(self, request, queryset):
        n = services.withdraw_decisions(decisions=list(queryset), actor=request.user)
        self.message_user(request, _("已撤回 %(n)d 条决定。") % {"n": n})


@admin.register(GuideSection)
class GuideSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "organ", "anchor", "order", "updated_at"]
    list_editable = ["order"]
    list_filter = ["organ"]
    search_fields = ["title", "body"]
