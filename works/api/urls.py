from rest_framework.routers import DefaultRouter

from works.api import related, views

router = DefaultRouter()
router.register("works", views.WorkViewSet)
router.register("recordings", views.RecordingViewSet)
router.register("recording-rights", related.RecordingRightsViewSet, basename="recording-rights")
router.register("related-profiles", related.RelatedProfileViewSet)
urlpatterns = router.urls
