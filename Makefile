# ReturnDesk — one command to run it, one to test it. Everything is installed by these rules.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
TOOLS_VENV := .venv-tools
UV := $(TOOLS_VENV)/bin/uv
BACKEND := backend
BACKEND_VENV := $(BACKEND)/.venv
ASSISTANT_VENV := .venv
# Rasa 3.6 needs Python 3.10: pyenv's, or whatever python3.10 is on PATH.
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3.10) $(shell command -v python3.10))
HOST ?= 127.0.0.1
PORT ?= 8000

# Never let uv fetch a Python build: pyenv's 3.11 is on these machines.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := 3.11

.PHONY: help setup chromium ffmpeg fonts run migrate seed model test lint test-sqlite test-postgres test-assistant bench bench-training bench-chat bench-turn bench-handoff bench-notifications bench-warehouse bench-analytics report notifications-worker webhooks-worker payments-worker clean

help:
	@echo "make run    set up everything and run ReturnDesk on the embedded default (SQLite under var/)"
	@echo "make test   set up what is missing and run every test (SQLite and PostgreSQL)"
	@echo "make bench  benchmarks; results in bench/results/"
	@echo "make report the returns report with the insights per team (FROM=, TO=, FORMAT=md|html, OUT=, EMAIL=)"
	@echo "make eval   NLU on the held-out set beside a TF-IDF baseline, and conversation success; results in bench/results/"

$(UV):
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The marker is newer than the lock file once the environment matches it exactly.
$(BACKEND_VENV)/.synced: $(BACKEND)/pyproject.toml $(BACKEND)/uv.lock | $(UV)
	cd $(BACKEND) && ../$(UV) sync --frozen --quiet
	touch $@

$(ASSISTANT_VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@test -n "$(PY310)" || { echo "Python 3.10 is needed for Rasa 3.6: install it (e.g. pyenv install 3.10)"; exit 1; }
	UV_PYTHON=$(PY310) $(UV) sync --frozen --quiet
	touch $@

# The web widget's one npm dependency, the socket.io client the service serves at /widget/.
WIDGET := bot/widget
$(WIDGET)/node_modules/.installed: $(WIDGET)/package.json $(WIDGET)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the web widget: install Node.js 18+ (e.g. apt-get install nodejs npm)"; exit 1; }
	cd $(WIDGET) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium for the browser tests: Debian's package (Playwright drives it; its own download is not used).
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "installing Debian's chromium for the browser tests"; \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# ffprobe/ffmpeg check and clean uploaded videos (backend/returndesk/evidence/videos.py): Debian's package.
ffmpeg:
	@command -v ffprobe >/dev/null && command -v ffmpeg >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "installing Debian's ffmpeg for evidence videos"; \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg; }

# A font with Chinese glyphs for the return label PDF (backend/returndesk/label/fonts.py embeds it)
# and for Chromium's screenshots of the widget in Chinese: Debian's WenQuanYi Micro Hei, the
# smallest CJK font it packages (about 5 MB) and TrueType, which reportlab can embed (Noto CJK's
# CFF outlines it cannot).
fonts:
	@test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		echo "installing Debian's fonts-wqy-microhei for Chinese labels and pages"; \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-microhei; }

setup: $(BACKEND_VENV)/.synced $(ASSISTANT_VENV)/.synced $(WIDGET)/node_modules/.installed ffmpeg fonts
	@mkdir -p var

migrate: setup
	cd $(BACKEND) && .venv/bin/alembic upgrade head

seed: migrate
	cd $(BACKEND) && .venv/bin/python -m returndesk.demo.seed && .venv/bin/python -m tools.generate.demo

# The model is retrained only when its inputs change: the data, the config and our own NLU
# components (Rasa shows its progress bars).
MODEL := models/returndesk.tar.gz
MODEL_INPUTS := domain.yml config.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard bot/nlu/*.py)

$(MODEL): $(MODEL_INPUTS) scripts/train | $(ASSISTANT_VENV)/.synced
	scripts/train --out models --fixed-model-name returndesk
	@touch $@

model: $(MODEL)

# The analytics report for orders placed FROM..TO (default: the last 90 days): Markdown or HTML on
# standard output or into OUT; EMAIL=ops@example.com also queues it for the notification worker.
report: migrate
	cd $(BACKEND) && .venv/bin/python -m returndesk.analytics.report --format $(or $(FORMAT),md) \
		$(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(if $(OUT),--out $(abspath $(OUT))) \
		$(if $(EMAIL),--email $(EMAIL))

run: seed model
	HOST=$(HOST) PORT=$(PORT) scripts/run.sh

# Every stage is timed (scripts/stage) and the run ends with the table of where its minutes went,
# also when a stage fails. The model is trained once, here, and every assistant stage uses it.
# The service suites keep both cores busy; the assistant's wait on live turns and a browser much
# of the time. So the service suites run beside training and the assistant's suites (their output
# kept apart and shown whole at the end), and together they fill the cores.
test:
	@scripts/stage begin
	@scripts/stage setup $(MAKE) --no-print-directory setup chromium
	@scripts/stage lint $(MAKE) --no-print-directory lint
	@log=$$(mktemp); \
	scripts/stage service $(MAKE) --no-print-directory test-service > $$log 2>&1 & service=$$!; \
	scripts/stage training $(MAKE) --no-print-directory model \
		&& scripts/stage assistant $(MAKE) --no-print-directory test-assistant; assistant_rc=$$?; \
	wait $$service; service_rc=$$?; \
	echo "=== the service suites (exit $$service_rc)"; cat $$log; rm -f $$log; \
	scripts/stage report; [ $$assistant_rc = 0 ] && [ $$service_rc = 0 ]

lint: setup
	cd $(BACKEND) && .venv/bin/ruff check . ../bench && .venv/bin/ruff format --check . ../bench
	@# Import contracts (backend/pyproject.toml); the graph builds in a second, so no cache dir.
	cd $(BACKEND) && .venv/bin/lint-imports --no-cache --no-logo
	$(BACKEND_VENV)/bin/ruff check actions bot tests eval && $(BACKEND_VENV)/bin/ruff format --check actions bot tests eval
	@# Types, by the service's mypy: the service with backend/pyproject.toml's settings, then the
	@# actions for Python 3.10 with pyproject.toml's (Rasa's environment has no mypy). Its cache,
	@# .mypy_cache/ in each folder, makes a run after a small change take seconds.
	cd $(BACKEND) && .venv/bin/python -m mypy
	$(BACKEND_VENV)/bin/python -m mypy

# The service suites spread over the cores with pytest-xdist, a database per worker
# (TEST_WORKERS=0: one process, as before).
TEST_WORKERS ?= auto

test-sqlite: setup
	cd $(BACKEND) && RETURNDESK_TEST_DB=sqlite .venv/bin/python -m pytest -n $(TEST_WORKERS)

test-postgres: setup
	cd $(BACKEND) && RETURNDESK_TEST_DB=postgresql .venv/bin/python -m pytest -n $(TEST_WORKERS)

# Both service suites at once, each output kept apart and shown whole when both have ended;
# fails if either fails.
.PHONY: test-service
test-service: setup
	@logs=$$(mktemp -d); \
	scripts/stage service/sqlite $(MAKE) --no-print-directory test-sqlite > $$logs/sqlite.log 2>&1 & sqlite=$$!; \
	scripts/stage service/postgres $(MAKE) --no-print-directory test-postgres > $$logs/postgres.log 2>&1 & postgres=$$!; \
	wait $$sqlite; sqlite_rc=$$?; wait $$postgres; postgres_rc=$$?; \
	echo "=== SQLite (exit $$sqlite_rc)"; cat $$logs/sqlite.log; \
	echo "=== PostgreSQL (exit $$postgres_rc)"; cat $$logs/postgres.log; \
	rm -rf $$logs; [ $$sqlite_rc = 0 ] && [ $$postgres_rc = 0 ]

# The assistant (its data validated when the model was trained): the story tests, beside the pytest
# suite of connectors and whole conversations through the live service, action server and Rasa
# server. pytest runs in two processes (ASSISTANT_WORKERS=0: one), the live stack's tests in one
# and the in-process model's in the other (tests/conftest.py); the story tests' output is kept
# apart: their score when they pass, the end of their log when they fail. Inside `make test` each is a part of the assistant stage in its
# table (pytest adds its own parts: browser, live conversations, ...; see tests/stage_times.py).
ASSISTANT_WORKERS ?= 2
test-assistant: setup model chromium
	@log=$$(mktemp); \
	SQLALCHEMY_SILENCE_UBER_WARNING=1 scripts/stage assistant/story-tests $(ASSISTANT_VENV)/bin/rasa test core \
		--model $(MODEL) --stories tests/stories --out var/rasa-test-results --fail-on-prediction-errors --no-plot \
		> $$log 2>&1 & stories=$$!; \
	$(ASSISTANT_VENV)/bin/python -m pytest -n $(ASSISTANT_WORKERS) --dist loadgroup tests; pytest_rc=$$?; \
	wait $$stories; stories_rc=$$?; \
	echo "=== the story tests (exit $$stories_rc)"; \
	if [ $$stories_rc = 0 ]; then grep -E 'rasa.core.test .*(Correct|Accuracy)' $$log; else tail -n 80 $$log; fi; rm -f $$log; \
	[ $$pytest_rc = 0 ] && [ $$stories_rc = 0 ]

# The browser and e2e suites with every core kept busy (tests/cpu_burner.py): they wait for what
# the page shows, never for time, so a loaded machine makes them slower, not red. The burner is
# stopped however the suites end (the trap); LOAD_CORES= burns fewer cores.
LOAD_CORES ?= $(shell nproc)
.PHONY: test-under-load
test-under-load: setup model chromium
	@python3 tests/cpu_burner.py --cores $(LOAD_CORES) & burner=$$!; \
	trap 'kill $$burner 2>/dev/null; wait $$burner 2>/dev/null' EXIT; \
	started=$$(date +%s); \
	$(ASSISTANT_VENV)/bin/python -m pytest tests/e2e tests/widget tests/handoff; status=$$?; \
	echo "test-under-load: pytest exited $$status after $$(( $$(date +%s) - started )) s with $(LOAD_CORES) core(s) busy"; \
	exit $$status

bench: setup
	$(BACKEND_VENV)/bin/python -m bench.service_bench
	$(MAKE) --no-print-directory bench-training
	$(MAKE) --no-print-directory bench-chat
	$(MAKE) --no-print-directory bench-handoff
	$(MAKE) --no-print-directory bench-notifications
	$(MAKE) --no-print-directory bench-warehouse
	$(MAKE) --no-print-directory bench-analytics

# The whole model trained from a clean state beside `rasa init`'s bot, as a ratio (bench/results/training.md).
bench-training: setup
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m bench.training_bench

# The chat part drives Rasa, so it runs in the assistant's venv. It reuses $(MODEL) (or
# RETURNDESK_MODEL) if present and trains it, timed, if not; it trains its own `rasa init`
# baseline in a temporary folder every run.
bench-chat: setup
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m bench.chat_bench

# Where one chat turn's time goes: NLU, policies, tracker store, action and service calls
# (bench/results/turn.md). A profile, not a ratio: read it beside bench-chat's.
bench-turn: setup model
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m bench.turn_profile

# Live handoff latency (agent -> customer, customer -> agent) beside a plain bot turn in the same
# run; like bench-chat it reuses $(MODEL) (or RETURNDESK_MODEL) and trains it only if missing.
bench-handoff: setup
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m bench.handoff_bench

# Notifications per second through the worker to a loopback SMTP server (SQLite and PostgreSQL).
bench-notifications: setup
	$(BACKEND_VENV)/bin/python -m bench.notification_bench

# Scan-to-received latency at the warehouse station beside /healthz (SQLite and PostgreSQL).
bench-warehouse: setup
	$(BACKEND_VENV)/bin/python -m bench.warehouse_bench

# Dashboard query times on PostgreSQL at 1M generated return lines, beside /healthz (generation
# takes a while; RETURNDESK_BENCH_REUSE=1 keeps the database of an earlier run).
bench-analytics: setup
	$(BACKEND_VENV)/bin/python -m bench.analytics_bench

# The notification worker alone (make run starts one too).
notifications-worker: setup
	cd $(BACKEND) && .venv/bin/python -m returndesk.notification.tasks

# The webhook worker alone (make run starts one too); `--once` delivers what is due and exits.
webhooks-worker: setup
	cd $(BACKEND) && .venv/bin/python -m returndesk.webhooks.tasks

# The refund settlement worker alone (make run starts one too); `--once` for a single pass.
payments-worker: setup
	cd $(BACKEND) && .venv/bin/python -m returndesk.payment.tasks --interval 10

# Scores the assistant's model (the one `make test` trained too) on ../shared/eval/external_nlu.yml,
# then runs the end-to-end conversations on the live stack for conversation success and turns.
.PHONY: eval
eval: setup model chromium
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m eval.nlu_eval --model $(MODEL)
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m eval.conversation_eval

# Trains the whole assistant twice from a clean state and compares the two models' predictions
# on the development split and the test stories; fails on any difference (bench/results/determinism.md).
.PHONY: check-determinism
check-determinism: setup
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(ASSISTANT_VENV)/bin/python -m eval.determinism

clean:
	rm -rf $(TOOLS_VENV) $(ASSISTANT_VENV) $(BACKEND_VENV) $(WIDGET)/node_modules
