from rest_framework.routers import DefaultRouter

from distribution.runs.api import claims, related, views

router = DefaultRouter()
router.register("distribution-runs", views.DistributionRunViewSet)
router.register("related-runs", related.RelatedRunViewSet)
router.register("claims", claims.ClaimViewSet)
urlpatterns = router.urls
