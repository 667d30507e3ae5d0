from rest_framework.routers import DefaultRouter

from distribution.usage.api import recordings, views

router = DefaultRouter()
router.register("usage-reports", views.UsageReportViewSet)
router.register("usage-matches", views.MatchViewSet)
router.register("recording-matches", recordings.RecordingMatchViewSet)
urlpatterns = router.urls
