"""Topics: the study notes, one per Markdown file in content/."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from .outline import Outline


class TopicQuerySet(models.QuerySet):
    def visible(self) -> TopicQuerySet:
        return self.filter(archived=False)


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=100)
    summary = models.CharField(max_length=300)
    order = models.IntegerField(default=0)
    source_file = models.CharField(max_length=300, help_text="File name in content/ it was imported from.")
    source_hash = models.CharField(max_length=64, help_text="Fingerprint of the parsed file, to skip unchanged ones.")
    body = models.TextField(help_text="The Markdown body, as written.")
    html = models.TextField(help_text="Sanitized HTML, rendered at import time.")
    outline = models.JSONField(help_text="Sections and facts parsed from the body; the card generator reads it.")
    archived = models.BooleanField(default=False, help_text="Gone from content/: hidden, history kept.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:topic", args=[self.slug])

    def parsed_outline(self) -> Outline:
        return Outline.from_dict(self.outline)

    def table_of_contents(self) -> list[dict]:
        return [
            {"title": s["title"], "anchor": s["anchor"], "level": s["level"]}
            for s in self.outline.get("sections", [])
            if s["level"] in (2, 3)
        ]
