from django.urls import path

from distribution.payments import views

urlpatterns = [
    path("payments/", views.batch_list, name="batches"),
    path("payments/new/", views.batch_create, name="batch-new"),
    path("payments/<int:pk>/", views.batch_detail, name="batch"),
    path("payments/<int:pk>/mark/", views.batch_mark, name="batch-mark"),
    path("payments/<int:pk>/file.<str:kind>", views.batch_file, name="batch-file"),
    path("incoming/", views.incoming_list, name="incoming"),
    path("incoming/upload/", views.incoming_upload, name="incoming-upload"),
]
