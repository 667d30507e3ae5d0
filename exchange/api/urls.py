from django.urls import path

from exchange.api import changes, partner, partner_cwr

urlpatterns = [
    path("changes/", changes.ChangesView.as_view(), name="changes"),
    path("partner/runs/", partner.PartnerRunList.as_view(), name="partner-runs"),
    path("partner/runs/<int:pk>/statement/", partner.PartnerStatement.as_view(), name="partner-statement"),
    path("partner/runs/<int:pk>/crd/", partner.PartnerCrdFile.as_view(), name="partner-crd"),
    path("partner/cwr/", partner_cwr.PartnerCwrUpload.as_view(), name="partner-cwr"),
]
