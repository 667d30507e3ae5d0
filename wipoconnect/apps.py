from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wipoconnect"
    verbose_name = "Core"

    def ready(self):
        # The Celery app is loaded with Django (not on importing the package), so that the plain domain cores under
        # wipoconnect.core import without Django or Celery.
        from wipoconnect import celery  # noqa: F401
        from wipoconnect.api import schema  # noqa: F401  (registers the OpenAPI extensions)
