"""What faces chat channels beyond Rasa's own config: channel connectors and the web widget."""
