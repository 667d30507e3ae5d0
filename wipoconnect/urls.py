from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1 = [
    path("", include("rightowners.api.urls")),
    path("", include("works.api.urls")),
    path("", include("exchange.api.urls")),
    path("", include("exchange.api.cwr_urls")),
    path("", include("distribution.usage.api.urls")),
    path("", include("distribution.runs.api.urls")),
    path("", include("distribution.licensing.api.urls")),
    path("", include("distribution.payments.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("wipoconnect.web_urls")),
]
