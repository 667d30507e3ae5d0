"""Partner CMOs: API keys bound to a society and scopes, their authentication, permissions, throttling and log."""
