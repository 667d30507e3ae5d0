"""Production behind TLS: `HTTPS=true` passes Django's deployment checks; every answer carries a
Content-Security-Policy that the pages keep (no inline script, no handler attribute, nothing from another host)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_https_settings_pass_the_deployment_checks():
    # a production-like environment of its own (not the test run's: the browser tests allow async-unsafe calls)
    env = {"PATH": os.environ["PATH"], "DEBUG": "0", "HTTPS": "true", "SECRET_KEY": secrets.token_urlsafe(50)}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_answer_carries_the_policy(client):
    with override_settings(CONTENT_SECURITY_POLICY="default-src 'self'; script-src 'self'"):
        assert client.get("/accounts/login/")["Content-Security-Policy"] == "default-src 'self'; script-src 'self'"
        assert client.get("/api/docs/")["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_pages_need_no_inline_script_and_nothing_from_another_host(client):
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template  # inline script
        assert not re.search(r"\son[a-z]+=", text), template  # handler attributes
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text), template  # another host
    docs = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", docs)
