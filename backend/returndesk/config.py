"""Settings from the environment and `.env`, in one typed object.

Every key is documented in docs/operations.md, "Configuration". Secrets left at their development
defaults are refused outside development, so a production deploy cannot run on them by accident.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .kit.hours import StaffedHoursError, parse_staffed_hours

BACKEND_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BACKEND_DIR.parent

DEV_SHOP_TOKEN = "dev-shop-token"
DEV_SECRET_KEY = "dev-secret-key-change-me"
# The Rasa connectors default to the same value (bot/channels/tokens.py), so development needs no setup.
DEV_CHAT_SECRET = "dev-chat-secret-change-me-before-production"
# Shared with the shop's server, which signs customer contexts for the widget (docs/design-notes.md).
DEV_SHOP_CONTEXT_SECRET = "dev-shop-context-secret-change-me"
DEV_EVIDENCE_LINK_SECRET = "dev-evidence-link-secret-change-me"
# scripts/run.sh starts Rasa with the same --auth-token by default.
DEV_RASA_TOKEN = "dev-rasa-token"
# Shared with the carrier, which signs the tracking events it pushes (carrier/signature.py).
DEV_CARRIER_WEBHOOK_SECRET = "dev-carrier-webhook-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RETURNDESK_", env_file=REPO_DIR / ".env", extra="ignore")

    environment: str = Field("development", description="development | test | production")
    database_url: str = Field(
        f"sqlite:///{REPO_DIR / 'var' / 'returndesk.sqlite3'}",
        description="SQLAlchemy URL; postgresql+psycopg://... in production",
    )
    policy_file: Path = Field(BACKEND_DIR / "policies" / "default.yml")
    authority_file: Path = Field(BACKEND_DIR / "authority" / "default.yml", description="Roles' delegated authority")
    routing_file: Path = Field(
        BACKEND_DIR / "routing" / "destinations.yml", description="Where approved returns go (return labels)"
    )
    shop_api_token: str = Field(DEV_SHOP_TOKEN, description="Bearer token the shop uses to push orders")
    secret_key: str = Field(DEV_SECRET_KEY, description="Signs verification tokens")
    verification_ttl_minutes: int = Field(30, ge=1)
    verification_max_attempts_per_order_and_client: int = Field(
        5, ge=1, description="Failed attempts at one order from one client (address, or chat) per window"
    )
    verification_max_attempts_per_client: int = Field(
        20, ge=1, description="Failed attempts from one client, any order"
    )
    verification_max_attempts_per_order: int = Field(
        50, ge=1, description="Failed attempts at one order from everyone: a ceiling high enough for its owner"
    )
    verification_attempt_window_minutes: int = Field(15, ge=1)
    chat_secret: str = Field(DEV_CHAT_SECRET, description="Signs chat session tokens; Rasa's connectors share it")
    chat_session_ttl_hours: int = Field(24, ge=1, description="How long a chat session (and its widget) lasts")
    chat_allowed_origins: str = Field(
        "", description="Comma-separated origins (https://shop.example) whose pages may open chat sessions"
    )
    chat_sessions_per_client: int = Field(30, ge=1, description="New chat sessions per client address per window")
    chat_session_window_minutes: int = Field(10, ge=1)
    shop_context_secret: str = Field(
        DEV_SHOP_CONTEXT_SECRET, description="Verifies the signed customer contexts the shop's server gives the widget"
    )
    evidence_link_secret: str = Field(
        DEV_EVIDENCE_LINK_SECRET, description="Signs the expiring links to evidence thumbnails and files"
    )
    evidence_link_ttl_minutes: int = Field(60, ge=1, description="How long a signed evidence link works")
    evidence_storage: str = Field("local", pattern=r"^(local|s3)$", description="local (a folder) or s3")
    evidence_dir: Path = Field(REPO_DIR / "var" / "evidence", description="The local storage folder (never served)")
    evidence_s3_bucket: str = Field("", description="Bucket for evidence when evidence_storage is s3")
    evidence_s3_endpoint_url: str = Field("", description="S3-compatible endpoint; empty means AWS")
    evidence_s3_region: str = Field("us-east-1")
    evidence_s3_prefix: str = Field("evidence/", description="Key prefix inside the bucket")
    staff_session_ttl_hours: int = Field(12, ge=1, description="How long a console sign-in lasts")
    staff_login_attempts: int = Field(10, ge=1, description="Failed sign-ins per username per window, any address")
    staff_login_attempts_per_address: int = Field(
        20, ge=1, description="Failed sign-ins from one address per window, whatever usernames they name"
    )
    staff_login_window_minutes: int = Field(15, ge=1)
    # argon2id's cost: RFC 9106's second recommended option by default (3 passes over 64 MiB,
    # about 0.1-0.2 s a hash on two cores). The tests lower it: they create and sign in staff
    # thousands of times, and would otherwise spend minutes hashing.
    password_hash_time_cost: int = Field(3, ge=1, description="argon2id passes over memory (time cost)")
    password_hash_memory_kib: int = Field(65536, ge=32, description="argon2id memory per hash, in KiB")
    rasa_url: str = Field("http://127.0.0.1:5005", description="Where browsers reach the Rasa server")
    rasa_server_url: str = Field(
        "http://127.0.0.1:5005", description="Where the service reaches Rasa's HTTP API (live handoff)"
    )
    rasa_token: str = Field(
        DEV_RASA_TOKEN, description="Rasa's --auth-token (scripts/run.sh passes the same value), for the live handoff"
    )
    return_address: str = "ReturnDesk Demo Shop, Returns Dept., Hafenstraße 12, 20457 Hamburg, Germany"
    staffed_hours: str = Field(
        "always", description='When agents answer in the chat: "always" or e.g. "mon-fri 08:00-18:00; sat 10:00-14:00"'
    )
    timezone: str = Field("UTC", description="IANA time zone of the staffed hours, e.g. Europe/Berlin")
    smtp_host: str = Field("127.0.0.1", description="Mail server for email tickets and notifications")
    smtp_port: int = Field(1025, ge=1, le=65535)
    mail_sink_dir: Path = Field(
        REPO_DIR / "var" / "mail",
        description="Where the development mail sink saves .eml files (make run), read by the console's Outbox mail",
    )
    mail_from: str = Field("ReturnDesk <returns@returndesk.example>", description="Sender of the desk's emails")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Where customers reach the service: every link built for them (labels, emails) starts here",
    )
    carrier: str = Field(
        "none",
        pattern=r"^(none|parcel_api)$",
        description="Who carries return parcels: none (labels without a booking) or parcel_api (carrier/parcel_api.py)",
    )
    carrier_url: str = Field("http://127.0.0.1:8030", description="The carrier's API (the stand-in's by default)")
    carrier_api_key: str = Field("dev-carrier-key", description="Our key at the carrier's API")
    carrier_webhook_secret: str = Field(
        DEV_CARRIER_WEBHOOK_SECRET, description="Verifies the tracking events the carrier pushes to us"
    )
    carrier_timeout_seconds: float = Field(5, gt=0, description="One request to the carrier, before it is retried")
    carrier_attempts: int = Field(3, ge=1, description="Requests to the carrier before it counts as unavailable")
    notification_max_attempts: int = Field(6, ge=1, description="Sends tried before a notification is failed")
    notification_backoff_seconds: float = Field(30, gt=0, description="First retry delay; doubles each attempt")
    notification_lease_seconds: float = Field(
        60, gt=0, description="How long a worker owns a notification it is sending before another may retry it"
    )
    notification_poll_seconds: float = Field(
        1, gt=0, description="How often an idle worker looks for due notifications"
    )
    webhook_max_attempts: int = Field(8, ge=1, description="Deliveries tried before a webhook is failed")
    webhook_backoff_seconds: float = Field(30, gt=0, description="First webhook retry delay; doubles each attempt")
    webhook_lease_seconds: float = Field(
        60, gt=0, description="How long a worker owns a webhook it is delivering before another may retry it"
    )
    webhook_poll_seconds: float = Field(1, gt=0, description="How often an idle webhook worker looks for due events")
    webhook_timeout_seconds: float = Field(
        10, gt=0, description="How long one delivery may take (connect and answer); keep it below the lease"
    )
    webhook_secret_grace_hours: float = Field(
        24, ge=0, description="How long a rotated webhook secret still signs deliveries beside the new one"
    )

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment != "development" and self.environment != "test":
            for name, default in (
                ("shop_api_token", DEV_SHOP_TOKEN),
                ("secret_key", DEV_SECRET_KEY),
                ("chat_secret", DEV_CHAT_SECRET),
                ("shop_context_secret", DEV_SHOP_CONTEXT_SECRET),
                ("evidence_link_secret", DEV_EVIDENCE_LINK_SECRET),
                ("rasa_token", DEV_RASA_TOKEN),
                ("carrier_webhook_secret", DEV_CARRIER_WEBHOOK_SECRET),
            ):
                if getattr(self, name) == default:
                    raise ValueError(
                        f"RETURNDESK_{name.upper()} is still the development default; "
                        f"set a long random value in the environment or .env before running "
                        f"with RETURNDESK_ENVIRONMENT={self.environment}"
                    )
        return self

    @model_validator(mode="after")
    def _refuse_weak_password_hashing(self) -> Settings:
        # OWASP's floor for argon2id is 2 passes over 19 MiB; below it is for tests only.
        if not self.is_development and (self.password_hash_time_cost < 2 or self.password_hash_memory_kib < 19456):
            raise ValueError(
                "RETURNDESK_PASSWORD_HASH_TIME_COST / RETURNDESK_PASSWORD_HASH_MEMORY_KIB are below argon2id's "
                f"safe minimum (2 passes, 19456 KiB) with RETURNDESK_ENVIRONMENT={self.environment}; "
                "leave them unset to use the defaults"
            )
        return self

    @model_validator(mode="after")
    def _resolve_relative_paths(self) -> Settings:
        # Relative paths in .env mean "from the repository root", wherever the process runs.
        if not self.policy_file.is_absolute():
            self.policy_file = REPO_DIR / self.policy_file
        if not self.authority_file.is_absolute():
            self.authority_file = REPO_DIR / self.authority_file
        if not self.evidence_dir.is_absolute():
            self.evidence_dir = REPO_DIR / self.evidence_dir
        if not self.mail_sink_dir.is_absolute():
            self.mail_sink_dir = REPO_DIR / self.mail_sink_dir
        return self

    @model_validator(mode="after")
    def _check_origins(self) -> Settings:
        for origin in self.chat_origins:
            parsed = urlsplit(origin)
            if (
                parsed.scheme not in ("http", "https")
                or not parsed.netloc
                or origin != f"{parsed.scheme}://{parsed.netloc}"
            ):
                raise ValueError(
                    f"RETURNDESK_CHAT_ALLOWED_ORIGINS: '{origin}' is not an origin; write scheme://host[:port] "
                    "without a path or trailing slash, e.g. https://shop.example.com"
                )
        return self

    @model_validator(mode="after")
    def _check_staffed_hours(self) -> Settings:
        try:
            parse_staffed_hours(self.staffed_hours, self.timezone)
        except StaffedHoursError as exc:
            raise ValueError(f"RETURNDESK_STAFFED_HOURS / RETURNDESK_TIMEZONE: {exc}") from None
        return self

    @property
    def chat_origins(self) -> frozenset[str]:
        return frozenset(origin.strip() for origin in self.chat_allowed_origins.split(",") if origin.strip())

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
