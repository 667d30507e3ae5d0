from django.apps import AppConfig


class RightownersConfig(AppConfig):
    name = "rightowners"
