"""Plumbing with no domain knowledge: money, YAML with positions, CSV, CORS, chat tokens, languages,
body limits, shared request field types. Imports nothing from returndesk but `errors`."""
