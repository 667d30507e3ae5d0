"""International level: clients for the ISWC network and IPI look-ups, off unless configured (README).

`http.py` is the JSON-over-HTTP transport, `iswc.py` and `ipi.py` the request and response shapes (plain data, no
Django), `services.py` what the instance does with them (store an ISWC, refresh a party).
"""
