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

# Neighbouring-rights runs, in the screens of related rights (namespace "related")
related_patterns = [
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/jobs/<int:job_id>/", views.run_progress, name="run-progress"),
]

# Claims on suspense and the runs that pay them, in the screens of the money loop (namespace "money")
claim_patterns = [
    path("claims/", views.claim_list, name="claims"),
    path("claims/new/", views.claim_file, name="claim-new"),
    path("claims/<int:pk>/<str:decision>/", views.claim_decide, name="claim-decide"),
    path("runs/<int:pk>/<str:kind>/", views.run_pay, name="run-pay"),
]
