from django.apps import AppConfig


class RightownersConfig(AppConfig):
    name = "rightowners"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from wipoconnect.core.changes import tombstone

        # Deletions reach the change feed whichever path deletes (admin, cascades, queryset.delete()).
        post_delete.connect(tombstone, sender="rightowners.InterestedParty", dispatch_uid="rightowners.tombstone")
