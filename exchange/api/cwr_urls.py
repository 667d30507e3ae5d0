from rest_framework.routers import DefaultRouter

from exchange.api.cwr import CwrFileViewSet

router = DefaultRouter()
router.register("cwr-files", CwrFileViewSet)
urlpatterns = router.urls
