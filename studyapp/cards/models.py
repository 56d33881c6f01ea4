"""Flashcards: generated from the notes or written by instructors, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from studyapp.content.models import Topic


class Kind(models.TextChoices):
    FACT = "fact", "Fact"
    DEFINITION = "definition", "Definition"
    DEFINITION_REVERSE = "definition-reverse", "Definition (reverse)"
    LIST = "list", "List"
    CLOZE = "cloze", "Cloze"
    DESCRIBE = "describe", "Description"
    WHICH = "which", "Which one"
    USE = "use", "What to use"
    EFFECT = "effect", "Cause and effect"
    COMPARE = "compare", "Comparison"
    UPDATE = "update", "Current figure"  # no longer generated (the fact's card asks for the current figure)
    CUSTOM = "custom", "Instructor card"


class CardQuerySet(models.QuerySet):
    def in_use(self) -> CardQuerySet:
        """Not retired (retired cards are hidden from study; their history is kept)."""
        return self.filter(retired_at__isnull=True)

    def visible_to(self, user, *, retired: bool = False) -> CardQuerySet:
        """Cards of the topics `user` may see (`Topic.objects.visible_to`); retired ones only when asked."""
        cards = self.filter(topic__in=Topic.objects.visible_to(user))
        return cards if retired else cards.in_use()

    def active(self) -> CardQuerySet:
        """The site's cards in use, as everyone sees them: what demo and benchmark data are made from."""
        return self.visible_to(None)

    def search(self, text: str) -> CardQuerySet:
        if not text:
            return self
        return self.filter(Q(front__icontains=text) | Q(back__icontains=text) | Q(section__icontains=text))


class Card(models.Model):
    # Stable identity: topic slug + heading path + the fact's label or leading
    # words + kind. Re-imports find the card by it, so learners keep progress.
    key = models.CharField(max_length=200, unique=True)
    fact_key = models.CharField(max_length=200, db_index=True, help_text="Cards of one fact share it.")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="cards")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    front = models.TextField()
    back = models.TextField()
    section = models.CharField(max_length=300, help_text="Where in the notes, e.g. 'Lambda › Limits'.")
    anchor = models.CharField(max_length=120, blank=True)
    position = models.IntegerField(default=0, help_text="Note order, for introducing new cards.")
    is_generated = models.BooleanField(default=True)
    # What the generator last produced, so an instructor's edit can win over a
    # later change of the note while we still notice that the note changed.
    generated_front = models.TextField(blank=True)
    generated_back = models.TextField(blank=True)
    note_changed_since_edit = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True, help_text="Hidden from study; history kept.")
    retired_because = models.CharField(
        max_length=20,
        blank=True,
        choices=[("note", "Fact removed from the notes"), ("instructor", "Retired by an instructor")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "position", "id"]
        # A topic's cards in order; with the two columns the study queue filters
        # new cards on, it reads this index alone, never the card rows.
        indexes = [
            models.Index(fields=["topic", "position", "retired_at", "fact_key"], name="card_topic_position_cover")
        ]

    def __str__(self) -> str:
        return self.front[:80]

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_cloze(self) -> bool:
        return "[...]" in self.front

    def source_url(self) -> str:
        url = reverse("content:topic", args=[self.topic.slug])
        return f"{url}#{self.anchor}" if self.anchor else url

    def retire(self, *, because: str = "instructor") -> None:
        self.retired_at, self.retired_because = timezone.now(), because
        self.save(update_fields=["retired_at", "retired_because", "updated_at"])

    def restore(self) -> None:
        self.retired_at, self.retired_because = None, ""
        self.save(update_fields=["retired_at", "retired_because", "updated_at"])

    def apply_edit(self, *, front: str, back: str, user) -> None:
        self.front, self.back = front, back
        self.edited_by, self.edited_at = user, timezone.now()
        self.note_changed_since_edit = False
        self.save()


class CardFlagQuerySet(models.QuerySet):
    def open(self) -> CardFlagQuerySet:
        """Flags no instructor has resolved yet."""
        return self.filter(resolved_at__isnull=True)

    def for_editor(self, user) -> CardFlagQuerySet:
        """Flags on the cards `user` may fix: the site topics' and their own topics' (an owned topic's
        flags reach its owner, never another instructor)."""
        return self.filter(card__topic__in=Topic.objects.editable_by(user))


class CardFlag(models.Model):
    class Reason(models.TextChoices):
        WRONG = "wrong", "Wrong"
        UNCLEAR = "unclear", "Unclear"

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_flags")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CardFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resolved_at", "card"], name="flag_open_card")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.card}"
