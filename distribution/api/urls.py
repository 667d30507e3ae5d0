from rest_framework.routers import DefaultRouter

from distribution.api import licensing, related, usage_views

router = DefaultRouter()
router.register("usage-reports", usage_views.UsageReportViewSet)
router.register("usage-matches", usage_views.MatchViewSet)
router.register("recording-matches", related.RecordingMatchViewSet)
router.register("licensees", licensing.LicenseeViewSet)
router.register("tariffs", licensing.TariffViewSet)
router.register("licence-agreements", licensing.AgreementViewSet)
router.register("declarations", licensing.DeclarationViewSet)
router.register("invoices", licensing.InvoiceViewSet)
router.register("payments", licensing.PaymentViewSet)
router.register("receivables", licensing.ReceivablesViewSet, basename="receivables")
router.register("collection-pools", licensing.CollectionPoolViewSet)
urlpatterns = router.urls
