from django.contrib import admin

from .models import CardState, ReviewLog, StudySettings


@admin.register(StudySettings)
class StudySettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "desired_retention", "new_cards_per_day", "max_reviews_per_day", "optimized_at"]
    search_fields = ["user__username"]


@admin.register(CardState)
class CardStateAdmin(admin.ModelAdmin):
    list_display = ["user", "card", "state", "due", "stability", "difficulty", "reps", "lapses", "suspended"]
    list_filter = ["state", "suspended"]
    search_fields = ["user__username", "card__front"]
    raw_id_fields = ["user", "card"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "card", "rating", "reviewed_at", "day", "duration_ms"]
    list_filter = ["rating"]
    search_fields = ["user__username", "card__front"]
    raw_id_fields = ["user", "card"]
    date_hierarchy = "reviewed_at"
