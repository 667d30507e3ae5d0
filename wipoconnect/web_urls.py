"""The staff screens, one area per top-bar menu; an area may gather the screens of several packages."""

from django.urls import include, path

from distribution.payments import urls as payment_urls
from distribution.runs import urls as run_urls
from distribution.usage import urls as usage_urls
from wipoconnect import views
from works import urls as work_urls

related = work_urls.recording_patterns + usage_urls.recording_patterns + run_urls.related_patterns
money = run_urls.claim_patterns + payment_urls.urlpatterns

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jobs/<int:pk>/", views.job_progress, name="job-progress"),
    path("works/", include(("works.urls", "works"))),
    path("parties/", include(("rightowners.urls", "parties"))),
    path("usage/", include(("distribution.usage.urls", "usage"))),
    path("distribution/", include(("distribution.runs.urls", "distribution"))),
    path("related/", include((related, "related"))),
    path("money/", include((money, "money"))),
    path("licensing/", include(("distribution.licensing.urls", "licensing"))),
    path("exchange/", include(("exchange.urls", "exchange"))),
]
