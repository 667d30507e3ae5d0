from django.urls import path

from works import recording_views, views

urlpatterns = [
    path("", views.work_list, name="list"),
    path("new/", views.work_edit, name="new"),
    path("<int:pk>/", views.work_detail, name="detail"),
    path("<int:pk>/edit/", views.work_edit, name="edit"),
]

# Recordings, in the screens of related rights (namespace "related", assembled in wipoconnect.web_urls)
recording_patterns = [
    path("recordings/", recording_views.recording_list, name="recordings"),
    path("recordings/<int:pk>/", recording_views.recording_detail, name="recording"),
    path("recordings/<int:pk>/edit/", recording_views.recording_edit, name="recording-edit"),
]
