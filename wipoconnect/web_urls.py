from django.urls import include, path

from wipoconnect import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jobs/<int:pk>/", views.job_progress, name="job-progress"),
    path("works/", include(("works.web_urls", "works"))),
    path("parties/", include(("rightowners.web_urls", "parties"))),
    path("usage/", include(("distribution.usage_urls", "usage"))),
    path("distribution/", include(("distribution.web_urls", "distribution"))),
    path("related/", include(("distribution.related_urls", "related"))),
    path("money/", include(("distribution.money_urls", "money"))),
    path("licensing/", include(("distribution.licensing_urls", "licensing"))),
    path("exchange/", include(("exchange.web_urls", "exchange"))),
]
