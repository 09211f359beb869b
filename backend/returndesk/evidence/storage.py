"""Where evidence files live: a small interface, a local folder by default, S3 for production.

Keys are random names the service made (`secrets.token_hex`); nothing a customer sent ever
becomes part of a path or key, so file names cannot traverse anywhere.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from ..config import Settings, get_settings

_KEY = re.compile(r"^[0-9a-f]{32}\.(jpg|mp4)$")


class StorageError(Exception):
    pass


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise StorageError(f"not a storage key the service made: {key!r}")
    return key


class EvidenceStorage:
    """Put, get and delete whole files by key."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        raise NotImplementedError

    def get(self, key: str) -> bytes:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        raise NotImplementedError


class LocalStorage(EvidenceStorage):
    """A folder outside anything the service serves (var/evidence by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        check_key(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file, a crash leaves only a temp file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage(EvidenceStorage):
    """Any S3-compatible object store (AWS S3, MinIO, Ceph...), through boto3."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None, region: str = "us-east-1"):
        import boto3  # only production deployments with S3 pay for the import

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self.prefix + check_key(key), Body=data, ContentType=content_type
        )

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + check_key(key))["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + check_key(key))


def make_storage(settings: Settings) -> EvidenceStorage:
    if settings.evidence_storage == "s3":
        if not settings.evidence_s3_bucket:
            raise StorageError("RETURNDESK_EVIDENCE_S3_BUCKET must name a bucket when RETURNDESK_EVIDENCE_STORAGE=s3")
        return S3Storage(
            settings.evidence_s3_bucket,
            prefix=settings.evidence_s3_prefix,
            endpoint_url=settings.evidence_s3_endpoint_url,
            region=settings.evidence_s3_region,
        )
    return LocalStorage(settings.evidence_dir)


@lru_cache
def get_storage() -> EvidenceStorage:
    return make_storage(get_settings())
