from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Topic


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = Topic.objects.visible()
    return render(request, "content/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.visible(), slug=slug)
    return render(request, "content/topic_detail.html", {"topic": topic, "toc": topic.table_of_contents()})
