from django.urls import path

from distribution.usage import recording_views as views

urlpatterns = [
    path("recordings/", views.recording_list, name="recordings"),
    path("recordings/<int:pk>/", views.recording_detail, name="recording"),
    path("recordings/<int:pk>/edit/", views.recording_edit, name="recording-edit"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/identify/", views.report_identify, name="identify"),
    path("review/", views.review_queue, name="review"),
    path("review/bulk/", views.review_bulk, name="review-bulk"),
    path("review/<int:pk>/", views.review_match, name="match"),
    path("review/<int:pk>/accept/", views.review_accept, name="accept"),
    path("review/<int:pk>/unidentifiable/", views.review_unidentifiable, name="unidentifiable"),
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/jobs/<int:job_id>/", views.run_progress, name="run-progress"),
]
