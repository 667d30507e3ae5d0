"""The Celery app. Tasks take ids and call services; see each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wipoconnect.settings")

app = Celery("wipoconnect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
