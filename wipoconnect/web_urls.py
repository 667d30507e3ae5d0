from django.urls import include, path

from wipoconnect import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jobs/<int:pk>/", views.job_progress, name="job-progress"),
    path("works/", include(("works.web_urls", "works"))),
    path("parties/", include(("rightowners.web_urls", "parties"))),
    path("usage/", include(("distribution.usage.urls", "usage"))),
    path("distribution/", include(("distribution.runs.urls", "distribution"))),
    path("related/", include(("distribution.usage.recording_urls", "related"))),
    path("money/", include(("distribution.payments.urls", "money"))),
    path("licensing/", include(("distribution.licensing.urls", "licensing"))),
    path("exchange/", include(("exchange.web_urls", "exchange"))),
]
