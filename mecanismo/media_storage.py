"""Where uploaded and generated files live (issue 15): the local file system or an S3-compatible
object store, chosen by environment variables.

Every file the portal keeps (minutes and report PDFs rendered by the worker, agenda documents,
inputs, follow-up sources, announcement attachments) is written and read through Django's storage
API (`FieldFile.save`/`open`, `storage.save`/`exists`/`delete`), never through a path. So when the
web replicas and the Celery workers run on different machines, pointing all of them at one bucket
is enough: a PDF the worker rendered is downloaded through any web replica.

The bucket stays private. Nothing links to it: every download goes through the portal's views,
which check who may read the file at each request; the views stream the object from the store.

Pure function of the environment so that settings.py and the tests build the same configuration.
"""

from __future__ import annotations

from collections.abc import Mapping

FILESYSTEM = "filesystem"
S3 = "s3"
CHOICES = (FILESYSTEM, S3)


class StorageConfigError(ValueError):
    """The storage variables do not describe a usable configuration (raised at start-up)."""


def default_storage_config(environ: Mapping[str, str]) -> dict:
    """The `STORAGES["default"]` entry for these environment variables.

    MEDIA_STORAGE=filesystem (default): files under MEDIA_ROOT, which only works when web and
    worker share that folder (one machine, or a shared volume).
    MEDIA_STORAGE=s3: django-storages' S3Storage on S3_BUCKET, at S3_ENDPOINT_URL for a store that
    is not AWS (MinIO, Ceph, Garage, a cloud provider's S3 API).
    """
    kind = (environ.get("MEDIA_STORAGE") or FILESYSTEM).strip().lower()
    if kind == FILESYSTEM:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != S3:
        raise StorageConfigError(f"MEDIA_STORAGE={kind!r} is not one of {', '.join(CHOICES)}.")
    bucket = (environ.get("S3_BUCKET") or "").strip()
    if not bucket:
        raise StorageConfigError("MEDIA_STORAGE=s3 needs S3_BUCKET (the bucket's name).")
    options = {
        "bucket_name": bucket,
        # Objects are private (the bucket's default ACL); the portal streams them to the people
        # its views allow. No public URL of the store is ever handed out.
        "default_acl": None,
        "querystring_auth": True,
        # Like FileSystemStorage: a second upload with the same name gets a new name instead of
        # replacing the first one (documents replace their own file explicitly).
        "file_overwrite": False,
        "location": (environ.get("S3_PREFIX") or "").strip().strip("/"),
        "signature_version": "s3v4",
    }
    optional = {
        "endpoint_url": "S3_ENDPOINT_URL",
        "region_name": "S3_REGION",
        "access_key": "S3_ACCESS_KEY_ID",
        "secret_key": "S3_SECRET_ACCESS_KEY",  # a variable name, not a secret  # nosec B105
        "addressing_style": "S3_ADDRESSING_STYLE",
    }
    for option, name in optional.items():
        value = (environ.get(name) or "").strip()
        if value:
            options[option] = value
    # Without keys boto3 looks for credentials itself (AWS_* variables, an instance role).
    if options.get("addressing_style") not in (None, "auto", "path", "virtual"):
        raise StorageConfigError("S3_ADDRESSING_STYLE is one of auto, path, virtual.")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
