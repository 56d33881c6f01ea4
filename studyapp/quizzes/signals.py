"""A quiz's latest override close follows its overrides, however an override is saved or deleted
(the overrides page, the admin, or a learner or class deleted with theirs)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Override, Quiz


@receiver(post_save, sender=Override)
@receiver(post_delete, sender=Override)
def keep_the_overrides_close(sender, instance: Override, **kwargs) -> None:
    quiz = Quiz.objects.filter(pk=instance.quiz_id).first()  # gone too when a quiz's deletion took its overrides
    if quiz is not None:
        quiz.refresh_overrides_close()
