from django.apps import AppConfig
from django.db.models.signals import post_delete


class ExchangeConfig(AppConfig):
    name = "exchange"

    def ready(self) -> None:
        from exchange.changes import tombstone

        # Deletions reach the change feed whichever path deletes (admin, cascades, queryset.delete()).
        for model in ("works.Work", "rightowners.InterestedParty"):
            post_delete.connect(tombstone, sender=model, dispatch_uid=f"exchange-tombstone-{model}")
