from rest_framework.routers import DefaultRouter

from distribution.licensing.api import views as licensing
from distribution.payments.api import views as money_out
from distribution.runs.api import claims
from distribution.runs.api import views as run_views
from distribution.usage.api import recordings as related
from distribution.usage.api import views as usage_views

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
