from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"

    def ready(self) -> None:
        from distribution.payments.views import party_payments
        from wipoconnect.core import panels

        panels.register("parties:detail", "money/party_payments.html", party_payments)
