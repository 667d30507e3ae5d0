from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wipoconnect"
    verbose_name = "Core"

    def ready(self):
        from wipoconnect.api import schema  # noqa: F401  (registers the OpenAPI extensions)
