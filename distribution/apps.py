from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"

    def ready(self) -> None:
        """The hooks by which the packages above plug into those below: the kinds of run of the one run pipeline,
        and the panels distribution adds to the screens of works and parties."""
        from distribution.payments import incoming
        from distribution.payments.views import party_payments
        from distribution.runs import allocation, claims, phases, related
        from distribution.runs.models import RunOrigin
        from distribution.usage.recording_views import recording_usage
        from wipoconnect.core import panels

        phases.register_kind(None, allocation.KIND)
        phases.register_kind(RunOrigin.Kind.RELATED, related.KIND)
        phases.register_kind(RunOrigin.Kind.ADJUSTMENT, claims.ADJUSTMENT)
        phases.register_kind(RunOrigin.Kind.RELEASE, claims.RELEASE)
        phases.register_kind(RunOrigin.Kind.INCOMING, incoming.INCOMING)
        panels.register("parties:detail", "money/party_payments.html", party_payments)
        panels.register("related:recording", "related/recording_usage.html", recording_usage)
