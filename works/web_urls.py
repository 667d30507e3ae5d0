from django.urls import path

from works import views

urlpatterns = [
    path("", views.work_list, name="list"),
    path("new/", views.work_edit, name="new"),
    path("<int:pk>/", views.work_detail, name="detail"),
    path("<int:pk>/edit/", views.work_edit, name="edit"),
]
