from django.urls import path

from exchange import views

urlpatterns = [
    path("", views.cwr_list, name="list"),
    path("<int:pk>/", views.cwr_detail, name="detail"),
]
