from .inbox import smtp_server  # noqa: F401 - the fixture, shared with the escalation tests
