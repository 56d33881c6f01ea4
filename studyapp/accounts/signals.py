from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from .models import Profile
from .roles import forget_roles
from .throttling import forgive_typos


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created: bool, **kwargs) -> None:
    if created:
        Profile.objects.get_or_create(user=instance)


@receiver(user_logged_in)
def clear_failed_log_ins(sender, request, user, **kwargs) -> None:
    forgive_typos(request, user)


# --- the role the header keeps (roles.shown_as_instructor) is forgotten whenever a group's members may change ---


@receiver(m2m_changed, sender=User.groups.through)
def forget_roles_of_changed_members(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:  # user.groups.add(…), .remove(…), .clear()
        forget_roles([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): who is in it is known only before
        forget_roles(instance.user_set.values_list("pk", flat=True))
    elif pk_set:  # group.user_set.add(…), .remove(…)
        forget_roles(pk_set)


@receiver(post_save, sender=Group)
@receiver(pre_delete, sender=Group)
def forget_roles_of_the_groups_members(sender, instance, **kwargs) -> None:
    """A group renamed (to or from Instructors) or deleted changes the role of everyone in it."""
    if instance.pk:
        forget_roles(instance.user_set.values_list("pk", flat=True))
