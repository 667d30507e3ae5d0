from django.urls import path

from exchange import views

urlpatterns = [
    path("", views.cwr_list, name="list"),
    path("upload/", views.cwr_upload, name="upload"),
    path("export/", views.cwr_export, name="export"),
    path("jobs/<int:job_id>/", views.import_progress, name="import-progress"),
    path("<int:pk>/", views.cwr_detail, name="detail"),
    path("<int:pk>/ack/", views.cwr_ack, name="ack"),
]
