"""Live handoff: a person takes over the customer's chat through Rasa and gives it back.

`rasa.py` is the bridge to the Rasa server's HTTP API (pause, resume, say, transcript);
`python -m returndesk.handoff` is the same bridge as an operator's command.
"""
