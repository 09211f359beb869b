# The action server: actions/, the bot/ module they read their sentences from (bot/catalogue.py)
# and the message catalogues in locales/.
#   docker build -f deploy/actions.Dockerfile -t returndesk-actions .     (from the repository root)
FROM rasa/rasa-sdk:3.6.2

USER root
# What the actions import beyond rasa-sdk (babel, requests), pinned as uv.lock has them.
COPY deploy/actions-requirements.txt /tmp/requirements.txt
RUN python -m pip install --no-cache-dir -r /tmp/requirements.txt && rm /tmp/requirements.txt

WORKDIR /app
COPY actions ./actions
COPY bot/__init__.py ./bot/__init__.py
COPY bot/catalogue.py ./bot/catalogue.py
COPY locales ./locales
USER 1001

EXPOSE 5055
ENTRYPOINT ["python", "-m", "rasa_sdk"]
CMD ["--actions", "actions", "--port", "5055"]
