from rest_framework.routers import DefaultRouter

from distribution.licensing.api import views

router = DefaultRouter()
router.register("licensees", views.LicenseeViewSet)
router.register("tariffs", views.TariffViewSet)
router.register("licence-agreements", views.AgreementViewSet)
router.register("declarations", views.DeclarationViewSet)
router.register("invoices", views.InvoiceViewSet)
router.register("payments", views.PaymentViewSet)
router.register("receivables", views.ReceivablesViewSet, basename="receivables")
router.register("collection-pools", views.CollectionPoolViewSet)
urlpatterns = router.urls
