from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wipoconnect"
    verbose_name = "Core"
