# The returns service: the API, the console, the storefront and the widget's files. The workers
# (notifications, webhooks, settlement, conversation events, rollups) and the migrations run from
# this same image with another command (compose.yaml, deploy/kubernetes/).
#   docker build -f deploy/service.Dockerfile -t returndesk-service .     (from the repository root)

# The widget's one npm dependency, the socket.io client the service serves at
# /widget/socket.io.min.js: installed from the lock file, as `make setup` does.
FROM node:20-slim AS widget
WORKDIR /widget
COPY bot/widget/package.json bot/widget/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
# ffmpeg checks and cleans evidence videos (returndesk/evidence/videos.py); WenQuanYi Micro Hei
# gives return labels their Chinese glyphs (returndesk/label/fonts.py looks for it where Debian
# puts it).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
# The same uv as the Makefile's UV_VERSION, so the lock file is read the way the tests read it.
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 \
    PATH=/app/backend/.venv/bin:$PATH PYTHONUNBUFFERED=1

WORKDIR /app/backend
# Dependencies first: a change to the code does not reinstall them.
COPY backend/pyproject.toml backend/uv.lock ./
RUN uv sync --frozen --no-dev
# What the service reads at run time: its code, the migrations, and the business files
# (policy, authority matrix, return routing, QC checklists) at their default paths.
COPY backend/returndesk ./returndesk
COPY backend/migrations ./migrations
COPY backend/alembic.ini ./alembic.ini
COPY backend/policies ./policies
COPY backend/authority ./authority
COPY backend/routing ./routing
COPY backend/warehouse ./warehouse
# The widget's browser files and the socket.io client, where storefront/service.py finds them.
COPY bot/widget/public /app/bot/widget/public
COPY --from=widget /widget/node_modules/socket.io-client/dist/socket.io.min.js \
    /app/bot/widget/node_modules/socket.io-client/dist/socket.io.min.js

# Not root. var/ holds local evidence (RETURNDESK_EVIDENCE_DIR) when no bucket is configured:
# mount a volume there, or use S3 with more than one machine.
RUN useradd --system --uid 10001 --home-dir /app returndesk \
    && mkdir -p /app/var/evidence && chown -R returndesk /app/var
USER 10001
EXPOSE 8000
# Two worker processes per container; behind the load balancer, the client's address comes from
# X-Forwarded-For (the rate limits count per address).
CMD ["uvicorn", "returndesk.main:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", \
     "--proxy-headers", "--forwarded-allow-ips", "*"]
