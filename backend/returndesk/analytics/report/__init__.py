"""The periodic analytics report: headline numbers and the findings per owner team, as Markdown or
HTML, optionally emailed through the notification outbox (`python -m returndesk.analytics.report`)."""
