"""Conversation metrics from Rasa's tracker events (issue 7): ingest, sources, metrics, endpoint."""
