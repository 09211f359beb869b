"""The emails the development mail sink saved (returndesk/mail/sink.py), read-only for the console."""
