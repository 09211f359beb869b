#!/usr/bin/env bash
# Runs the returns service, the action server and the Rasa server together; one Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
# Where customers and shops reach the service: every process builds its links from this one
# setting (label links in chat, emails, the report). Given in the environment or .env, it wins.
export RETURNDESK_PUBLIC_URL="${RETURNDESK_PUBLIC_URL:-$(scripts/env-value RETURNDESK_PUBLIC_URL "http://$HOST:$PORT")}"
export RETURNDESK_SERVICE_URL="http://$HOST:$PORT/api/v1"
export RETURNDESK_RASA_URL="${RETURNDESK_RASA_URL:-http://$HOST:$RASA_PORT}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
# Rasa 3.6 and its dependencies print pages of deprecation warnings that say nothing to a user.
export PYTHONWARNINGS=ignore::DeprecationWarning
RASA_TOKEN=${RETURNDESK_RASA_TOKEN:-dev-rasa-token}
# The service drives Rasa's HTTP API for the live handoff, with the token Rasa is started with.
export RETURNDESK_RASA_TOKEN="$RASA_TOKEN"
export RETURNDESK_RASA_SERVER_URL="${RETURNDESK_RASA_SERVER_URL:-http://$HOST:$RASA_PORT}"
# Shop pages on other origins reach Rasa's socket.io too (its polling fallback needs CORS).
CHAT_ORIGINS=${RETURNDESK_CHAT_ALLOWED_ORIGINS:-}

# Stop every child when this script ends, however it ends.
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null; wait' EXIT INT TERM

# Without a mail server of the user's own, a local sink takes every email and saves it under
# var/mail/ (read them in the console's Outbox mail page), so the notification worker has
# somewhere to send from the first minute.
if [[ -z ${RETURNDESK_SMTP_HOST:-$(scripts/env-value RETURNDESK_SMTP_HOST)} &&
      -z ${RETURNDESK_SMTP_PORT:-$(scripts/env-value RETURNDESK_SMTP_PORT)} ]]; then
  export RETURNDESK_SMTP_HOST=127.0.0.1 RETURNDESK_SMTP_PORT=${MAIL_SINK_PORT:-1025}
  (cd backend && exec .venv/bin/python -m returndesk.mail.sink) &
  sink=$!
  until (exec 3<>"/dev/tcp/$RETURNDESK_SMTP_HOST/$RETURNDESK_SMTP_PORT") 2>/dev/null; do
    kill -0 "$sink" 2>/dev/null || { echo "The mail sink did not start; is port $RETURNDESK_SMTP_PORT taken? Set MAIL_SINK_PORT." >&2; exit 1; }
    sleep 0.2
  done
fi

# Return parcels are booked with a carrier: by default the stand-in carrier on loopback
# (backend/tools/carrier_standin/), which pushes its signed tracking events to the service; a
# real carrier's RETURNDESK_CARRIER_URL replaces it (docs/operations.md, "The carrier").
export RETURNDESK_CARRIER="${RETURNDESK_CARRIER:-parcel_api}"
if [ "$RETURNDESK_CARRIER" = parcel_api ] && [ -z "${RETURNDESK_CARRIER_URL:-}" ]; then
  CARRIER_PORT=${CARRIER_PORT:-8030}
  export RETURNDESK_CARRIER_URL="http://$HOST:$CARRIER_PORT"
  (cd backend && exec .venv/bin/python -m tools.carrier_standin --host "$HOST" --port "$CARRIER_PORT" \
    --webhook-url "http://$HOST:$PORT/api/v1/carrier/events") &
fi
# The service after the carrier's settings, which it reads at start.
(cd backend && exec .venv/bin/uvicorn returndesk.main:app --host "$HOST" --port "$PORT" --log-level warning) &
# Asks the carrier about parcels whose tracking events the webhook did not bring.
(cd backend && exec .venv/bin/python -m returndesk.tracking.tasks --interval 300) &
# Sends the notification outbox (email, SMS log sink, chat) with retries.
(cd backend && exec .venv/bin/python -m returndesk.notification.tasks) &
# Delivers the outgoing webhooks to the shop's endpoints, signed, in order per endpoint, with retries.
(cd backend && exec .venv/bin/python -m returndesk.webhooks.tasks) &
# Sends refunds to the payment provider and follows them until settled (retries with backoff).
(cd backend && exec .venv/bin/python -m returndesk.payment.tasks --interval 10) &
# Reads Rasa's conversation events (its SQL event broker file, see endpoints.yml) for the metrics.
(cd backend && exec .venv/bin/python -m returndesk.analytics.conversations.consume --interval 10) &
# On PostgreSQL, refreshes the analytics rollups hourly (SQLite computes the metrics live instead).
if (cd backend && .venv/bin/python -m returndesk.analytics.rollups --needed); then
  (cd backend && exec .venv/bin/python -m returndesk.analytics.rollups --every "${RETURNDESK_ROLLUPS_EVERY:-3600}") &
fi
.venv/bin/rasa run actions --port "$ACTIONS_PORT" --actions actions --quiet &
.venv/bin/python -m bot.server run --model models/returndesk.tar.gz --interface "$HOST" --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml --enable-api --auth-token "$RASA_TOKEN" \
  --cors "http://$HOST:$PORT" ${CHAT_ORIGINS//,/ } --quiet &

until curl -sf "http://$HOST:$RASA_PORT/status?token=$RASA_TOKEN" | grep -q model_file; do sleep 1; done
cat <<MSG

  ReturnDesk is running.
  Storefront with the chat widget  http://$HOST:$PORT/
  Public return policy             http://$HOST:$PORT/policy
  Agent console                    http://$HOST:$PORT/console  (demo users alice, sam, sofia, wim, ada; password returndesk-demo)
  Emails sent (Outbox mail)        http://$HOST:$PORT/console/mail
  API documentation                http://$HOST:$PORT/api/v1/docs
  Demo orders to try: A1001 with dev@example.com, A1005 with hugo@example.com (see README.md)
  Stop everything with Ctrl-C.

MSG
wait -n
