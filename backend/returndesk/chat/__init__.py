"""Chat sessions: a conversation id and a signed token the chat channels verify."""
