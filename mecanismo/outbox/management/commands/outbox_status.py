from django.core.management.base import BaseCommand
from django.utils import timezone

from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import outbox_counts


class Command(BaseCommand):
    help = "Print the number of outbox messages by status, and the failed ones with their error."

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="list failed messages")

    def handle(self, *args, failed=False, **options):
        counts = outbox_counts()
        width = max(len(s) for s in counts)
        for status, n in counts.items():
            self.stdout.write(f"{status.ljust(width)}  {n}")
        oldest = (
            OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if oldest is not None:
            age = int((timezone.now() - oldest).total_seconds())
            self.stdout.write(f"oldest pending: {age} s old")
        if failed:
            rows = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).order_by(
                "-created_at"
            )[:50]
            for row in rows:
                self.stdout.write(f"{row.pk}  {row.key}  {row.to}  {row.last_error[:200]}")
