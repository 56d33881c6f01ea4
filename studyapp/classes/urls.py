from django.urls import path

from . import views

app_name = "classes"
urlpatterns = [
    path("", views.class_list, name="list"),
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join-code"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate-code"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="remove-member"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/topics/<int:topic_pk>/share/", views.share_topic, name="share-topic"),
    path("<int:pk>/topics/<int:topic_pk>/unshare/", views.unshare_topic, name="unshare-topic"),
    path("<int:pk>/exams/add/", views.exam_add, name="exam-add"),
    path("<int:pk>/exams/<int:exam_pk>/remove/", views.exam_remove, name="exam-remove"),
]
