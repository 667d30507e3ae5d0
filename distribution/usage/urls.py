from django.urls import path

from distribution.usage import recording_views, views

urlpatterns = [
    path("", views.report_list, name="list"),
    path("upload/", views.report_upload, name="upload"),
    path("jobs/<int:job_id>/", views.import_progress, name="import-progress"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/identify/", views.report_identify, name="identify"),
    path("review/", views.review_queue, name="review"),
    path("review/bulk/", views.review_bulk, name="review-bulk"),
    path("review/<int:pk>/", views.review_match, name="match"),
    path("review/<int:pk>/accept/", views.review_accept, name="accept"),
    path("review/<int:pk>/unidentifiable/", views.review_unidentifiable, name="unidentifiable"),
]

# Identification to recordings, in the screens of related rights (namespace "related")
recording_patterns = [
    path("reports/", recording_views.report_list, name="reports"),
    path("reports/<int:pk>/", recording_views.report_detail, name="report"),
    path("reports/<int:pk>/identify/", recording_views.report_identify, name="identify"),
    path("review/", recording_views.review_queue, name="review"),
    path("review/bulk/", recording_views.review_bulk, name="review-bulk"),
    path("review/<int:pk>/", recording_views.review_match, name="match"),
    path("review/<int:pk>/accept/", recording_views.review_accept, name="accept"),
    path("review/<int:pk>/unidentifiable/", recording_views.review_unidentifiable, name="unidentifiable"),
]
