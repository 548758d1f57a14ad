from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Document
from .permissions import can_download
from .stored import open_stored


@require_GET
def download(request, token: str, filename: str):
    """The PDF itself; 404 until it is ready (the owning page shows the status meanwhile). Who
    may read it is asked again at every request (the owning object may have become private), and
    only a document anyone may read right now is cacheable by others."""
    document = get_object_or_404(Document, token=token, filename=filename)
    if not can_download(request.user, document):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    if not document.is_ready:
        raise Http404
    handle = open_stored(document.file)
    response = FileResponse(handle, content_type="application/pdf", filename=document.filename)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    public_now = can_download(AnonymousUser(), document)
    response["Cache-Control"] = "public, max-age=300" if public_now else "private, no-store"
    return response
