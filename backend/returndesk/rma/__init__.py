"""Returns: the RMA lifecycle from a request to its close."""
