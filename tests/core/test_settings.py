import pytest

from wipoconnect.env import ConfigError, database_from_url, env_bool, env_pattern, secret_key_from_file


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("No", False), ("off", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_refuses_junk(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ConfigError, match="FLAG='ture'"):
        env_bool("FLAG")


def test_society_code_must_be_three_digits(monkeypatch):
    monkeypatch.setenv("SOCIETY_CODE", "52")
    with pytest.raises(ConfigError, match="3-digit"):
        env_pattern("SOCIETY_CODE", "999", r"\d{3}", "a 3-digit CISAC society code")


def test_database_urls(tmp_path):
    pg = database_from_url("postgres://u:p%40ss@db.example:5433/cmo", tmp_path)
    assert (pg["ENGINE"], pg["NAME"], pg["PASSWORD"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "cmo",
        "p@ss",
        "5433",
    )
    assert database_from_url("sqlite:///var/x.db", tmp_path)["NAME"] == str(tmp_path / "var/x.db")
    assert database_from_url("sqlite:////abs/x.db", tmp_path)["NAME"] == "/abs/x.db"
    with pytest.raises(ConfigError):
        database_from_url("mysql://x/y", tmp_path)


def test_secret_key_is_generated_once_and_shared(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = secret_key_from_file(path)
    assert len(first) > 40 and secret_key_from_file(path) == first


def test_without_a_broker_tasks_run_in_process_and_no_broker_is_looked_for(caplog):
    from django.conf import settings

    from wipoconnect.celery import app

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("CELERY_BROKER_URL is set: tasks go to a real broker")
    with caplog.at_level("WARNING"), app.producer_or_acquire() as producer:  # what apply_async does when eager
        assert producer.connection.transport_cls == "memory"
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []
