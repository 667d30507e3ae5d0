from django.urls import path

from rightowners import views

urlpatterns = [
    path("", views.party_list, name="list"),
    path("<int:pk>/", views.party_detail, name="detail"),
    path("<int:pk>/merge/", views.party_merge, name="merge"),
]
