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
