"""ReturnDesk returns service."""
