"""Custom NLU components of the assistant (referenced from config.yml)."""
