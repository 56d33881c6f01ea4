"""Topics: the study notes. Site topics come from content/; a topic made in the browser belongs to its maker."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import slugify

from .house_format import Outline


class SourceFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    OUTLINE = "outline", "Plain outline"


class SqlParam(models.Expression):
    """A named placeholder (`%(name)s`) of hand-written SQL, standing where the rule compares a user."""

    output_field = models.BigIntegerField()

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def as_sql(self, compiler, connection):
        return f"%({self.name})s", []


# Who sees which topic: a site topic (no owner) is everyone's; an owned topic is its
# owner's, and the learners' of the classes it is shared with. Every list of topics, cards and
# questions is built on `TopicQuerySet.visible_to`, the study queue's SQL included
# (`visible_topic_ids_sql`): nowhere else says who sees which topic.
SITE = Q(owner=None)


def _links():
    """The class–topic link (classes.ClassTopic), reached through its relation: content imports nothing above it."""
    return Topic._meta.get_field("class_links").related_model


class TopicQuerySet(models.QuerySet):
    def live(self) -> TopicQuerySet:
        """Not archived (a site topic whose file left content/ is hidden; its history is kept)."""
        return self.filter(archived=False)

    def visible_to(self, user) -> TopicQuerySet:
        """The topics `user` may see: not archived, and a site topic, their own, or shared with a class
        they are in or teach. Anonymous visitors (and `None`) see the site topics. `user` may also be a
        SqlParam: the rule compiled for hand-written SQL (`visible_topic_ids_sql`)."""
        if user is None or not getattr(user, "is_authenticated", True):
            return self.live().filter(SITE)
        links = _links().objects
        shared = Q(pk__in=links.filter(klass__memberships__learner=user).values("topic_id")) | Q(
            pk__in=links.filter(klass__instructor=user).values("topic_id")
        )
        return self.live().filter(SITE | Q(owner=user) | shared)

    def visible(self) -> TopicQuerySet:
        """What everyone sees, visitors included: the site topics in use."""
        return self.visible_to(None)

    def owned_by(self, user) -> TopicQuerySet:
        return self.filter(owner=user)

    def with_shares(self, user) -> TopicQuerySet:
        """Each owned topic with `shares`: its links to the classes `user` is in or teaches, and their
        classes (the topic list's "Shared by … with …"); `owner` read along."""
        if not user.is_authenticated:
            return self
        shares = models.Prefetch("class_links", queryset=_shares_seen_by(user), to_attr="shares")
        return self.select_related("owner").prefetch_related(shares)

    def editable_by(self, user) -> TopicQuerySet:
        """Topics whose cards `user` may change (instructors, for the site topics): site topics and their own."""
        return self.visible_to(user).filter(SITE | Q(owner=user))

    def usable_by_classes(self, class_ids) -> TopicQuerySet:
        """What every member of all these classes sees, besides their own topics: the site topics, and
        the topics shared with each of the classes (none but the site topics for no class)."""
        class_ids = set(class_ids)
        if not class_ids:
            return self.visible_to(None)
        everywhere = (
            _links()
            .objects.filter(klass__in=class_ids)
            .values("topic_id")
            .annotate(classes=Count("klass_id", distinct=True))
            .filter(classes=len(class_ids))
            .values("topic_id")
        )
        return self.live().filter(SITE | Q(pk__in=everywhere))

    def seen_by_class(self, klass) -> TopicQuerySet:
        """What a class's instructor follows of its members: the site topics and the topics shared with it
        (never a member's private topics); `usable_by_classes` for one class. `klass` may also be a
        SqlParam: the rule compiled for hand-written SQL (`class_topics_sql`)."""
        return self.live().filter(SITE | Q(pk__in=_links().objects.filter(klass=klass).values("topic_id")))

    def free_slug(self, name: str) -> str:
        """A slug for a new topic called `name`: the name's slug, suffixed -2, -3… when taken.

        Slugs are unique over site and owned topics alike (URLs are /topics/<slug>/). Two makers
        racing for one slug: the unique constraint refuses the second insert; ask again.
        """
        longest = Topic._meta.get_field("slug").max_length
        base = slugify(name)[:longest].strip("-") or "topic"
        taken = set(self.filter(slug__startswith=base[: longest - 4]).values_list("slug", flat=True))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            suffix = f"-{n}"
            candidate = base[: longest - len(suffix)].rstrip("-") + suffix
        return candidate


def _shares_seen_by(user):
    """Class–topic links of the classes `user` is in or teaches, with their class and its instructor."""
    links = _links().objects.filter(Q(klass__instructor=user) | Q(klass__memberships__learner=user))
    return links.select_related("klass__instructor").distinct().order_by("klass__name", "klass_id")


@cache
def _visible_topic_ids_sql(vendor: str, param: str) -> str:
    return _compiled(Topic.objects.visible_to(SqlParam(param)).order_by().values("id"))


def _compiled(queryset) -> str:
    """A rule's queryset as SQL whose one input is its SqlParam's named placeholder."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    assert not params, "the rule's SQL takes its one named placeholder alone"
    return sql


@cache
def _class_topics_sql(vendor: str, param: str) -> str:
    return _compiled(Topic.objects.seen_by_class(SqlParam(param)).values_list("id", "updated_at"))


def class_topics_sql(param: str = "klass") -> str:
    """`TopicQuerySet.seen_by_class` as SQL: `SELECT id, updated_at` of the topics a class sees, in their
    order, for the class whose id is the named parameter `param`. Compiled once per process (the class
    view's key reads it on every view)."""
    return _class_topics_sql(connection.vendor, param)


def visible_topic_ids_sql(param: str = "user") -> str:
    """`TopicQuerySet.visible_to` as SQL for hand-written statements: `SELECT id` of the topics the
    user whose id is the named parameter `param` may see. Compiled once per process (it is on the
    study loop's hot path, where building ORM queries costs more than running them)."""
    return _visible_topic_ids_sql(connection.vendor, param)


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=100)
    summary = models.CharField(max_length=300)
    order = models.IntegerField(default=0)
    # No owner: a site topic, imported from content/, seen by everyone. An owner: made in the
    # browser, private to them unless shared with a class they teach (classes.ClassTopic).
    # PROTECT: deleting the owner's account never deletes a topic others studied, nor makes a
    # private topic public (as SET_NULL would); see README "Who sees which topic".
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text="Empty for a site topic (from content/).",
    )
    source_text = models.TextField(
        blank=True, default="", help_text="An owned topic's notes as written; empty for a site topic."
    )
    source_format = models.CharField(max_length=10, choices=SourceFormat.choices, default=SourceFormat.MARKDOWN)
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

    @property
    def is_site_topic(self) -> bool:
        return self.owner_id is None

    def editable_by(self, user) -> bool:
        """As TopicQuerySet.editable_by, for one topic in hand."""
        return self.owner_id is None or self.owner_id == user.pk

    def parsed_outline(self) -> Outline:
        return Outline.from_dict(self.outline)

    def table_of_contents(self) -> list[dict]:
        return [
            {"title": s["title"], "anchor": s["anchor"], "level": s["level"]}
            for s in self.outline.get("sections", [])
            if s["level"] in (2, 3)
        ]

    def shares_seen_by(self, user) -> list:
        """As `TopicQuerySet.with_shares`, for one topic in hand (a site topic has none: no query)."""
        if self.owner_id is None or not user.is_authenticated:
            return []
        return list(_shares_seen_by(user).filter(topic=self))

    @transaction.atomic
    def make_site_topic(self) -> None:
        """Staff's step (the admin action): everyone sees the topic from now on.

        Its class links go (they no longer change who sees it). Its notes stay in `source_text`
        until a file in content/ takes over: they are what staff save as that file. Until then
        import_content must leave it as it is (not archive it for having no file).
        """
        self.owner = None
        self.save(update_fields=["owner", "updated_at"])
        self.class_links.all().delete()
