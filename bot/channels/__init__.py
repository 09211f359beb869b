"""Custom Rasa channel connectors, named in credentials.yml as `bot.channels.<module>.<Class>`."""
