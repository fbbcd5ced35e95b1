"""Objects in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO...) through boto3."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from hiring.filenames import content_disposition
from hiring.storage import CHUNK_SIZE, LimitedReader, ObjectMissing, Source, StorageError, check_key

PRESIGN_SECONDS = 300
MISSING_CODES = {"404", "NoSuchKey", "NotFound"}
# upload_fileobj switches to a multipart upload above the threshold (R2 needs parts >= 5 MiB).
TRANSFER = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024)


class S3Storage:
    def __init__(
        self,
        bucket: str,
        prefix: str,
        *,
        endpoint_url: str | None,
        region: str,
        addressing_style: str,
        presign: bool,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.presign = presign
        # Credentials come from the standard AWS variables (or profile); recent boto3 adds CRC
        # checksums by default, which R2 and other S3-compatible stores may refuse.
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing_style},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, source: Source, *, max_bytes: int, content_type: str) -> int:
        name = self._key(key)
        reader = LimitedReader(source, max_bytes)
        try:
            self.client.upload_fileobj(
                reader,
                self.bucket,
                name,
                ExtraArgs={"ContentType": content_type},
                Config=TRANSFER,
            )
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(str(exc)) from exc
        return reader.size

    def open(self, key: str) -> Iterator[bytes]:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise ObjectMissing(key) from exc
            raise StorageError(str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(str(exc)) from exc

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK_SIZE)
            finally:
                body.close()

        return chunks()

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in MISSING_CODES:
                return False
            raise StorageError(str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(str(exc)) from exc
        return True

    def keys(self, prefix: str = "", *, modified_before: datetime | None = None) -> Iterator[str]:
        root = f"{self.prefix}/" if self.prefix else ""
        full, strip = root + prefix, len(root)
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=full
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    if modified_before is None or item["LastModified"] < modified_before:
                        yield item["Key"][strip:]
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(str(exc)) from exc

    def presigned_url(self, key: str, *, filename: str, content_type: str) -> str | None:
        if not self.presign:
            return None
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self._key(key),
                "ResponseContentDisposition": content_disposition(filename),
                "ResponseContentType": content_type,
            },
            ExpiresIn=PRESIGN_SECONDS,
        )
        return url
