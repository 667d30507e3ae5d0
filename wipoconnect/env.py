"""Typed readers for environment variables: a bad value stops start-up, it never silently defaults."""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """An environment variable holds a value this application cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_pattern(name: str, default: str, pattern: str, what: str) -> str:
    value = os.environ.get(name, default)
    if not re.fullmatch(pattern, value):
        raise ConfigError(f"{name}={value!r} is not {what}")
    return value


def database_from_url(url: str, base_dir: Path) -> dict:
    """Django DATABASES['default'] from `sqlite:///path` or `postgres://user:pw@host:port/name`."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/to/project.db or sqlite:////absolute/path.db
        path = unquote(parsed.path)
        name = Path(path[1:]) if path.startswith("//") else base_dir / (path.lstrip("/") or "db.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(name), "OPTIONS": {"timeout": 30}}
    if parsed.scheme in {"postgres", "postgresql"}:
        if not parsed.path.strip("/"):
            raise ConfigError(f"DATABASE_URL={url!r} names no database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ConfigError(f"DATABASE_URL={url!r}: scheme must be sqlite:// or postgres://")


def secret_key_from_file(path: Path) -> str:
    """The instance's secret key, generated once so server, worker and commands share it."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of this instance won the race
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
