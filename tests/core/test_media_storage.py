"""Where files live is chosen by environment variables (issue 15, mecanismo/media_storage.py)."""

import pytest
from django.core.files.storage import FileSystemStorage, storages

from mecanismo.media_storage import StorageConfigError, default_storage_config


def test_the_file_system_is_the_default():
    assert default_storage_config({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert isinstance(storages["default"], FileSystemStorage)


def test_s3_settings_make_a_private_s3_storage(settings):
    env = {
        "MEDIA_STORAGE": "S3",
        "S3_BUCKET": "mecanismo-media",
        "S3_ENDPOINT_URL": "https://objects.example.org",
        "S3_REGION": "sa-east-1",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_PREFIX": "/portal/",
        "S3_ADDRESSING_STYLE": "path",
    }
    config = default_storage_config(env)
    settings.STORAGES = {**settings.STORAGES, "default": config}
    storage = storages["default"]
    assert type(storage).__name__ == "S3Storage"
    assert storage.bucket_name == "mecanismo-media"
    assert storage.endpoint_url == "https://objects.example.org"
    assert storage.region_name == "sa-east-1"
    assert storage.location == "portal"
    assert storage.default_acl is None  # the bucket's own (private) ACL
    assert storage.file_overwrite is False  # like FileSystemStorage: a new name, never a clobber


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MEDIA_STORAGE": "s3"}, "S3_BUCKET"),
        ({"MEDIA_STORAGE": "nfs"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3", "S3_BUCKET": "b", "S3_ADDRESSING_STYLE": "x"}, "ADDRESSING"),
    ],
)
def test_incomplete_storage_settings_stop_the_start(env, message):
    with pytest.raises(StorageConfigError, match=message):
        default_storage_config(env)


def test_db_pooler_turns_off_server_side_cursors_and_prepared_statements():
    """DB_POOLER=1 (PgBouncer in transaction mode, issue 15), read by settings.py at start-up."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS'), "
        "d.get('OPTIONS', {}).get('prepare_threshold', 'unset')]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mecanismo.settings", "DEBUG": "1"}
    env["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/x"

    def read(**extra):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**env, **extra}, cwd=settings.BASE_DIR, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert read(DB_POOLER="1") == [True, None]
    assert read(DB_POOLER="0") == [False, "unset"]
