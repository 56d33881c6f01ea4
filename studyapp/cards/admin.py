from django.contrib import admin

from .models import Card, CardFlag


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["front", "topic", "kind", "section", "is_generated", "retired_at", "note_changed_since_edit"]
    list_filter = ["topic", "kind", "is_generated", "note_changed_since_edit"]
    search_fields = ["key", "front", "back"]
    readonly_fields = ["key", "fact_key", "generated_front", "generated_back", "created_at", "updated_at"]


@admin.register(CardFlag)
class CardFlagAdmin(admin.ModelAdmin):
    list_display = ["card", "reason", "user", "created_at", "resolved_at"]
    list_filter = ["reason"]
    search_fields = ["comment", "card__front"]
