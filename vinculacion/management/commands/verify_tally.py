"""Recount an election from its stored ballots and compare with the stored result (§5: "the
tally can be recomputed from stored ballots and must match")."""

from django.core.management.base import BaseCommand, CommandError

from vinculacion.models import Election
from vinculacion.services import election_tally


class Command(BaseCommand):
    help = "Recount an election from the stored ballots and compare with its recorded result."

    def add_arguments(self, parser):
        parser.add_argument("election", type=int, help="the election's id")

    def handle(self, *args, election: int, **options):
        found = Election.objects.filter(pk=election).first()
        if found is None:
            raise CommandError(f"No election {election}.")
        if not found.result:
            raise CommandError(f"Election {election} has not been counted yet.")
        recount = election_tally(found)
        differences = [
            f"{key}: recorded {found.result.get(key)!r}, recount {value!r}"
            for key, value in recount.items()
            if found.result.get(key) != value
        ]
        if differences:
            raise CommandError("MISMATCH\n" + "\n".join(differences))
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: election {election}, {recount['ballots_cast']} ballots recounted, "
                f"elected {recount['elected']}, parity "
                f"{'met' if recount['parity_met'] else 'not met'}."
            )
        )
