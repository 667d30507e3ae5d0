from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"

    def ready(self) -> None:
        from distribution.payments.views import party_payments
        from distribution.usage.recording_views import recording_usage
        from wipoconnect.core import panels

        panels.register("parties:detail", "money/party_payments.html", party_payments)
        panels.register("related:recording", "related/recording_usage.html", recording_usage)
