"""Staff: console users, their passwords, sessions and roles."""
