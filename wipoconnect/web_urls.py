from django.urls import path

from wipoconnect import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
