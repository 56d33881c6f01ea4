from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Topic


class SiteTopicFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("site", "Site topics (from content/)"), ("owned", "Made in the browser")]

    def queryset(self, request, queryset):
        if self.value() == "site":
            return queryset.filter(owner=None)
        if self.value() == "owned":
            return queryset.exclude(owner=None)
        return queryset


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "order", "archived", "updated_at"]
    list_filter = [SiteTopicFilter, "archived"]
    list_select_related = ["owner"]
    search_fields = ["title", "slug", "summary", "owner__username"]
    readonly_fields = [
        "owner",
        "source_text",
        "source_format",
        "source_hash",
        "html",
        "outline",
        "created_at",
        "updated_at",
    ]
    actions = ["make_site_topic"]

    @admin.action(description="Make site topic (everyone sees it; edited only through a file in content/ from then on)")
    def make_site_topic(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        owned = list(queryset.exclude(owner=None))
        for topic in owned:
            topic.make_site_topic()
        for topic in owned:
            self.message_user(
                request,
                f"“{topic.title}” is a site topic: everyone sees it. Save its notes (its source text) as a file "
                f"in content/ with the slug “{topic.slug}”: from then on import_content keeps it up to date.",
                messages.SUCCESS,
            )
        if not owned:
            self.message_user(request, "Those are site topics already.", messages.INFO)
