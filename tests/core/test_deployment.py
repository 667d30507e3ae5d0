"""No Docker engine runs here: docker-compose.yml is checked as data."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_compose_runs_every_service_of_the_production_path():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "migrate", "postgres", "redis"}
    assert "gunicorn" in services["web"]["command"]
    assert "celery -A wipoconnect worker" in services["worker"]["command"]
    assert "celery -A wipoconnect beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert {"SECRET_KEY", "SOCIETY_CODE", "SOCIETY_TERRITORY", "CURRENCY"} <= set(env)
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_readme_gives_the_two_setup_commands_that_exist():
    readme = (REPO / "README.md").read_text()
    assert "bin/serve" in readme and "bin/test" in readme
    assert (REPO / "bin" / "serve").stat().st_mode & 0o111 and (REPO / "bin" / "test").stat().st_mode & 0o111
