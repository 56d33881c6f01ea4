from django.urls import path

from . import instructor_views as teach
from . import override_views, quiz_actions, transfer_views, views

app_name = "quizzes"
urlpatterns = [
    # Learners
    path("", views.quiz_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", views.save, name="attempt-save"),
    path("attempts/<int:pk>/check/<int:response_pk>/", views.check, name="attempt-check"),
    path("attempts/<int:pk>/submit/", views.submit, name="attempt-submit"),
    path("attempts/<int:pk>/review/", views.review, name="attempt-review"),
    # The question bank
    path("bank/", teach.bank, name="bank"),
    path("bank/generate/", teach.generate, name="generate"),
    path("bank/transfer/", transfer_views.transfer, name="transfer"),
    path("bank/import/", transfer_views.question_import, name="import"),
    path("bank/export/", transfer_views.question_export, name="export"),
    path("bank/bulk/", teach.bank_bulk, name="bank-bulk"),
    path("bank/new/<str:kind>/", teach.question_create, name="question-create"),
    path("bank/<int:pk>/", teach.question, name="question"),
    path("bank/<int:pk>/edit/", teach.question_edit, name="question-edit"),
    path("bank/<int:pk>/status/<str:status>/", teach.question_status, name="question-status"),
    # The builder
    path("new/", teach.quiz_create, name="create"),
    path("<int:pk>/edit/", teach.quiz_edit, name="edit"),
    path("<int:pk>/settings/", teach.quiz_settings, name="settings"),
    path("<int:pk>/slots/add/", teach.slot_add, name="slot-add"),
    path("<int:pk>/slots/random/", teach.slot_random, name="slot-random"),
    path("<int:pk>/slots/<int:slot_pk>/points/", teach.slot_points, name="slot-points"),
    path("<int:pk>/slots/<int:slot_pk>/move/<str:direction>/", teach.slot_move, name="slot-move"),
    path("<int:pk>/slots/<int:slot_pk>/remove/", teach.slot_remove, name="slot-remove"),
    path("<int:pk>/publish/", teach.publish, name="publish"),
    path("<int:pk>/assign/", teach.assign, name="assign"),
    path("<int:pk>/preview/", quiz_actions.preview, name="preview"),
    path("<int:pk>/duplicate/", quiz_actions.duplicate, name="duplicate"),
    path("<int:pk>/delete/", quiz_actions.delete, name="delete"),
    path("<int:pk>/unarchive/", quiz_actions.unarchive, name="unarchive"),
    # Results
    path("<int:pk>/results/", teach.results, name="results"),
    path("<int:pk>/results.csv", teach.results_csv, name="results-csv"),
    # Overrides: other dates, time or attempts for one learner or one class
    path("<int:pk>/overrides/", override_views.overrides, name="overrides"),
    path("<int:pk>/overrides/<int:override_pk>/", override_views.override_edit, name="override-edit"),
    path("<int:pk>/overrides/<int:override_pk>/delete/", override_views.override_delete, name="override-delete"),
]
