"""Classes: an instructor's group of learners, joined with a code."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from studyapp.content.models import Topic
from studyapp.lib.exams import ExamFields, ExamQuerySet

# No 0/O or 1/I/L: codes are read aloud and typed from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ClassQuerySet(models.QuerySet):
    def owned_by(self, user) -> ClassQuerySet:
        return self.filter(instructor=user)

    def joined_by(self, user) -> ClassQuerySet:
        return self.filter(memberships__learner=user)


class Class(models.Model):
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="classes_taught")
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClassQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "classes"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classes:detail", args=[self.pk])

    def join_url(self) -> str:
        return reverse("classes:join-code", args=[self.join_code])

    def new_code(self) -> None:
        """A new code; the old one stops working (a leaked code is cut off)."""
        self.join_code = new_join_code()
        self.save(update_fields=["join_code"])

    def add_learner(self, learner) -> tuple[Membership, bool]:
        """Join the class; joining twice is harmless."""
        return Membership.objects.get_or_create(klass=self, learner=learner)

    def can_share(self, topic: Topic) -> bool:
        """A topic's owner shares it with the classes they teach; site topics everyone sees already."""
        return topic.owner_id is not None and topic.owner_id == self.instructor_id and not topic.archived

    def share(self, topic: Topic) -> ClassTopic:
        """Members see, study and are quizzed on the topic from now on; sharing twice is harmless."""
        if not self.can_share(topic):
            raise ValueError(f"{topic} is not {self.instructor}'s own topic to share with {self}.")
        link, _ = ClassTopic.objects.get_or_create(klass=self, topic=topic)
        return link

    def unshare(self, topic: Topic) -> bool:
        """Members no longer see the topic; their card states and reviews are kept for a later share."""
        deleted, _ = ClassTopic.objects.filter(klass=self, topic=topic).delete()
        return bool(deleted)


class Membership(models.Model):
    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "learner"], name="one_membership_per_class")]
        ordering = ["learner__username"]

    def __str__(self) -> str:
        return f"{self.learner} in {self.klass}"


class ClassTopic(models.Model):
    """A topic shared by its owner with a class they teach (the link that `Topic.objects.visible_to` reads)."""

    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="class_links")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "topic"], name="one_share_per_class_topic")]
        ordering = ["shared_at", "id"]

    def __str__(self) -> str:
        return f"{self.topic} shared with {self.klass}"


class ClassExam(ExamFields):
    """An exam a class's instructor set: its members' reviews of its topics are planned to meet `target` on its day.

    `all_topics`: every topic of the class (the site topics and those shared with it); otherwise `topics`.
    The study app reads it through `Topic.class_exams` (study imports nothing beside it).
    """

    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="exams")
    topics = models.ManyToManyField(Topic, blank=True, related_name="class_exams")

    objects = ExamQuerySet.as_manager()

    class Meta(ExamFields.Meta):
        indexes = [models.Index(fields=["klass", "day"], name="class_exam_day")]

    def __str__(self) -> str:
        return f"{self.klass} exam on {self.day}"
