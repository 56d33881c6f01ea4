from django.contrib import admin

from .models import Attempt, Option, Question, Quiz, Response, Slot


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "topic", "status", "author"]
    list_filter = ["kind", "status", "topic"]
    search_fields = ["text"]
    raw_id_fields = ["card", "author"]
    inlines = [OptionInline]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "instructor", "published_at", "closes_at"]
    raw_id_fields = ["instructor"]
    inlines = [SlotInline]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "learner", "number", "started_at", "submitted_at", "score", "max_score"]
    raw_id_fields = ["learner"]
    inlines = [ResponseInline]
