"""A small JSON client over urllib: one base URL, one key header, a timeout, errors that say where and why."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


class NetworkError(RuntimeError):
    """The remote service refused the request, answered something unreadable, or could not be reached."""

    def __init__(self, message: str, status: int | None = None, body: object = None):
        super().__init__(message)
        self.status = status
        self.body = body


class NotConfigured(NetworkError):
    """The service's URL setting is empty: the default set-up works without the international level."""


@dataclass(frozen=True)
class JsonClient:
    base_url: str
    key_header: str
    key: str
    timeout: float = 20

    def call(self, method: str, path: str, *, query: dict | None = None, body: object = None) -> tuple[int, object]:
        """(status, decoded JSON or None); 404 is returned, other 4xx/5xx and transport errors raise."""
        url = urllib.parse.urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json", **({"Content-Type": "application/json"} if data else {})}
        if self.key:
            headers[self.key_header] = self.key
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, _decode(response.read(), f"{method} {url}")
        except urllib.error.HTTPError as exc:
            payload = _decode(exc.read(), f"{method} {url}", strict=False)
            if exc.code == 404:
                return 404, payload
            raise NetworkError(
                f"{method} {url}: HTTP {exc.code} {_reason(payload) or exc.reason}", exc.code, payload
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise NetworkError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None


def _decode(raw: bytes, where: str, strict: bool = True):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        if strict:
            raise NetworkError(f"{where}: the answer is not JSON ({raw[:80]!r})") from None
        return raw.decode(errors="replace")[:200]


def _reason(payload) -> str:
    """The message of an error body: RFC 7807 `title` and `errors`, or `message`."""
    if not isinstance(payload, dict):
        return str(payload or "")
    parts = [str(payload.get("title") or payload.get("message") or "")]
    for field, messages in (payload.get("errors") or {}).items():
        parts.append(f"{field}: {' '.join(map(str, messages if isinstance(messages, list) else [messages]))}")
    return "; ".join(p for p in parts if p)
