from django.urls import path

from distribution.runs import views

urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_wizard, name="new"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/calculate/", views.run_calculate, name="calculate"),
    path("<int:pk>/approve/", views.run_approve, name="approve"),
    path("<int:pk>/statements.<str:fmt>.zip", views.run_statements_zip, name="statements-zip"),
    path("<int:pk>/statement/<str:payee>.csv", views.run_statement, name="statement"),
]
