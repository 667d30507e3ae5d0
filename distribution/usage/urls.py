from django.urls import path

from distribution.usage import recording_views, review_views, views

urlpatterns = [
    path("", views.report_list, name="list"),
    path("upload/", views.report_upload, name="upload"),
    path("jobs/<int:job_id>/", views.import_progress, name="import-progress"),
    path("<int:pk>/", views.report_detail, name="detail"),
    *review_views.patterns(review_views.WORK_SCREEN, "<int:pk>/identify/"),
]

# Identification to recordings, in the screens of related rights (namespace "related")
recording_patterns = [
    path("reports/", recording_views.report_list, name="reports"),
    path("reports/<int:pk>/", recording_views.report_detail, name="report"),
    *review_views.patterns(review_views.RECORDING_SCREEN, "reports/<int:pk>/identify/"),
]
