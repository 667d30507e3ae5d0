from rest_framework.routers import DefaultRouter

from distribution.api import claims, licensing, related, usage_views
from distribution.api import payments as money_out
from distribution.api import runs as run_views

router = DefaultRouter()
router.register("distribution-runs", run_views.DistributionRunViewSet)
router.register("usage-reports", usage_views.UsageReportViewSet)
router.register("usage-matches", usage_views.MatchViewSet)
router.register("recording-matches", related.RecordingMatchViewSet)
router.register("related-runs", related.RelatedRunViewSet)
router.register("licensees", licensing.LicenseeViewSet)
router.register("tariffs", licensing.TariffViewSet)
router.register("licence-agreements", licensing.AgreementViewSet)
router.register("declarations", licensing.DeclarationViewSet)
router.register("invoices", licensing.InvoiceViewSet)
router.register("payments", licensing.PaymentViewSet)
router.register("receivables", licensing.ReceivablesViewSet, basename="receivables")
router.register("collection-pools", licensing.CollectionPoolViewSet)
router.register("claims", claims.ClaimViewSet)
router.register("bank-accounts", money_out.BankAccountViewSet)
router.register("withholding-rates", money_out.WithholdingRateViewSet)
router.register("payment-batches", money_out.PaymentBatchViewSet)
router.register("credit-transfers", money_out.CreditTransferViewSet)
router.register("incoming-statements", money_out.IncomingStatementViewSet)
urlpatterns = router.urls
