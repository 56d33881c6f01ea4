from django.contrib import admin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "order", "archived", "updated_at"]
    list_filter = ["archived"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["source_hash", "html", "outline", "created_at", "updated_at"]
