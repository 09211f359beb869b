"""The append-only audit log, read side: lists for the console and CSV for spreadsheets."""
