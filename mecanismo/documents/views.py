from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Document
from .permissions import can_download


@require_GET
def download(request, pk: int, filename: str):
    """The PDF itself; 404 until it is ready (the owning page shows the status meanwhile)."""
    document = get_object_or_404(Document, pk=pk, filename=filename)
    if not can_download(request.user, document):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    if not document.is_ready:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", filename=document.filename)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["Cache-Control"] = "public, max-age=300" if document.public else "private, no-store"
    return response
