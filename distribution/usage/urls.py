from django.urls import path

from distribution.usage import views

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
