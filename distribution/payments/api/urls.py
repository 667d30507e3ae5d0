from rest_framework.routers import DefaultRouter

from distribution.payments.api import views

router = DefaultRouter()
router.register("bank-accounts", views.BankAccountViewSet)
router.register("withholding-rates", views.WithholdingRateViewSet)
router.register("payment-batches", views.PaymentBatchViewSet)
router.register("credit-transfers", views.CreditTransferViewSet)
router.register("incoming-statements", views.IncomingStatementViewSet)
urlpatterns = router.urls
