"""Celery entry points of the PDF renderer."""

from celery import shared_task

from . import services


@shared_task(name="documents.document_render", acks_late=True, soft_time_limit=240, time_limit=300)
def document_render(document_id: int) -> str:
    return services.document_render(document_id=document_id)


@shared_task(name="documents.documents_sweep", acks_late=True, time_limit=120)
def documents_sweep() -> int:
    return services.documents_sweep()
