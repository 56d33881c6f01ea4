from django.contrib import admin

from .models import Class, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["learner"]


@admin.register(Class)
class ClassAdmin(admin.ModelAdmin):
    list_display = ["name", "instructor", "join_code", "created_at"]
    search_fields = ["name", "instructor__username", "join_code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["klass", "learner", "joined_at"]
    raw_id_fields = ["learner"]
