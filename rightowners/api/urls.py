from rest_framework.routers import DefaultRouter

from rightowners.api import views

router = DefaultRouter()
router.register("societies", views.SocietyViewSet)
router.register("parties", views.InterestedPartyViewSet)
urlpatterns = router.urls
