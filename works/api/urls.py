from rest_framework.routers import DefaultRouter

from works.api import views

router = DefaultRouter()
router.register("works", views.WorkViewSet)
router.register("recordings", views.RecordingViewSet)
urlpatterns = router.urls
