from django.urls import path

from distribution.licensing import views

urlpatterns = [
    path("", views.receivables_view, name="receivables"),
    path("invoices/", views.invoice_list, name="invoices"),
    path("invoices/period/", views.invoice_period, name="invoice-period"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/credit/", views.invoice_credit, name="invoice-credit"),
    path("payments/upload/", views.payment_upload, name="payment-upload"),
    path("licensees/<int:pk>/", views.licensee_ledger, name="licensee"),
    path("pools/", views.pool_list, name="pools"),
    path("pools/new/", views.pool_create, name="pool-new"),
]
