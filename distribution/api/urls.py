from rest_framework.routers import DefaultRouter

from distribution.api import usage_views

router = DefaultRouter()
router.register("usage-reports", usage_views.UsageReportViewSet)
router.register("usage-matches", usage_views.MatchViewSet)
urlpatterns = router.urls
