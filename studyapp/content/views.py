from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Topic


def _get_topic_for_user(request: HttpRequest, slug: str) -> Topic:
    """A topic the user may see (Topic.objects.visible_to); 404 for any other, as for no topic at all."""
    return get_object_or_404(Topic.objects.visible_to(request.user).select_related("owner"), slug=slug)


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = Topic.objects.visible_to(request.user).with_shares(request.user)
    return render(request, "content/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = _get_topic_for_user(request, slug)
    topic.shares = topic.shares_seen_by(request.user)
    return render(request, "content/topic_detail.html", {"topic": topic, "toc": topic.table_of_contents()})
