"""A local stand-in for the ISWC network and an IPI gateway: the request and response shapes, in a thread."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ISWC_KEY, IPI_KEY = "iswc-test-key", "ipi-test-key"
CREATOR_ROLES = {"C", "CA", "A", "AR", "AD", "TR", "SA", "SR"}


class FakeNetworks:
    def __init__(self):
        self.works: dict[str, dict] = {}  # iswc -> searchByIswc answer
        self.ipi: dict[str, dict] = {}  # name number -> IPI record
        self.requests: list[tuple[str, str, dict, object]] = []  # method, path, headers, body
        self.next_iswc = iter(["T9110005782", "T0345246801"])
        handler = type("Handler", (_Handler,), {"networks": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    networks: FakeNetworks

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, status: int, body: object) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _record(self, body=None):
        self.networks.requests.append((self.command, self.path, dict(self.headers), body))

    def do_GET(self):
        self._record()
        url = urlparse(self.path)
        if url.path == "/iswc/searchByIswc":
            if self.headers.get("Ocp-Apim-Subscription-Key") != ISWC_KEY:
                return self._answer(
                    401, {"statusCode": 401, "message": "Access denied due to missing subscription key"}
                )
            found = self.networks.works.get(parse_qs(url.query).get("iswc", [""])[0])
            return self._answer(200, found) if found else self._answer(404, {"title": "Not Found", "status": 404})
        if match := re.fullmatch(r"/ipi/(\d{11})", url.path):
            if self.headers.get("Authorization") != f"Bearer {IPI_KEY}":
                return self._answer(401, {"message": "bad token"})
            found = self.networks.ipi.get(match[1])
            return self._answer(200, found) if found else self._answer(404, {"message": "unknown name number"})
        self._answer(404, {"title": "Not Found"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"null")
        self._record(body)
        if self.path != "/submission":
            return self._answer(404, {"title": "Not Found"})
        if self.headers.get("Ocp-Apim-Subscription-Key") != ISWC_KEY:
            return self._answer(401, {"statusCode": 401, "message": "Access denied due to missing subscription key"})
        errors = _submission_errors(body)
        if errors:
            return self._answer(
                400, {"errors": errors, "title": "One or more validation errors occurred.", "status": 400}
            )
        iswc = next(self.networks.next_iswc)
        verified = {**body, "iswc": iswc}
        self.networks.works[iswc] = {**verified, "works": [{"agency": body["agency"], "workcode": body["workcode"]}]}
        self._answer(201, {"verifiedSubmission": verified})


def _submission_errors(body: dict) -> dict:
    errors = {}
    for name in ("agency", "sourcedb", "workcode", "category", "originalTitle", "interestedParties"):
        if not body.get(name):
            errors[name] = [f"Required property '{name}' not found in JSON."]
    if not re.fullmatch(r"\d{3}", str(body.get("agency", ""))) or body.get("sourcedb") != int(body.get("agency") or 0):
        errors["agency"] = ["103: Source Society Code is invalid"]
    parties = body.get("interestedParties") or []
    if any(not isinstance(p.get("nameNumber"), int) for p in parties):
        errors["interestedParties"] = ["134: I.P. Name Number is invalid, must be numeric"]
    elif parties and not any(p.get("role") in CREATOR_ROLES for p in parties):
        errors["interestedParties"] = ["111: At least one creator I.P. is required"]
    return errors
