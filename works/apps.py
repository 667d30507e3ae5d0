from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "works"
