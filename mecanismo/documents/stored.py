"""Reading a stored file back (issue 15): through the storage API, whatever the storage is.

The file system or an S3-compatible bucket (mecanismo/media_storage.py): the views never build a
path, they open the field's file. A file the storage no longer has is a 404, not a 500.
"""

from django.http import Http404


def open_stored(field_file):
    """The field's file opened for reading (a File the response can stream), or Http404."""
    try:
        return field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
