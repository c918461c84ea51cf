import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from solidarity.budgeting import actions, tally
from solidarity.budgeting.models import (Ballot, BallotType, Budget, Choice, Phase, Process, Project, Rule)
from solidarity.communities.models import Community
from solidarity.core.money import LARGEST_CENTS
from solidarity.engines import pb
from solidarity.privacy import storage

BALLOT_FOR_KIND = {"approval": BallotType.APPROVAL, "choose-1": BallotType.APPROVAL,
                   "cumulative": BallotType.CUMULATIVE, "scoring": BallotType.CUMULATIVE,
                   "ordinal": BallotType.RANKED}


def find_process(name: str) -> Process:
    community, _, slug = name.rpartition(":")
    rows = Process.objects.filter(slug=slug)
    if community:
        rows = rows.filter(community__slug=community)
    found = list(rows[:2])
    if not found:
        raise CommandError(f"No process has the slug {name!r}. `solidarity pb list` shows them.")
    if len(found) > 1:
        raise CommandError(f"Several communities have a process {slug!r}: write COMMUNITY:{slug}.")
    return found[0]


def cents(value) -> int:
    scaled = value * 100
    if scaled.denominator != 1:
        raise CommandError("A cost or budget has more than two decimals; it cannot be stored in cents.")
    if not 0 <= scaled <= LARGEST_CENTS:
        raise CommandError(f"A cost or budget of {str(value)[:30]}... is too large to store; check the file.")
    return int(scaled)


class Command(BaseCommand):
    help = "Participatory budgeting: list processes, export one as a Pabulib file, or import a Pabulib file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Every process, with its slug, phase and ballots.")
        export = sub.add_parser("export", help="Write a process's ballots as a Pabulib .pb file.")
        export.add_argument("process", help="its slug, or COMMUNITY:SLUG")
        export.add_argument("--output", "-o", help="a file; with several budgets, a folder")
        load = sub.add_parser("import", help="Create a process from a .pb file, its ballots counted as cast.")
        load.add_argument("file")
        load.add_argument("--community", help="the community's slug (default: the only one)")
        load.add_argument("--slug", help="the new process's slug (default: from the file name)")
        load.add_argument("--count", action="store_true", help="also close voting, count and publish")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_list(self, **options):
        for process in Process.objects.select_related("community").order_by("community__slug", "slug"):
            self.stdout.write(f"{process.community.slug}:{process.slug}\t{process.phase}\t"
                              f"{process.ballots.count()} ballots\t{process.title}")

    def do_export(self, *, process, output=None, **options):
        found = find_process(process)
        budgets = list(found.budgets.all())
        if not budgets:
            raise CommandError("This process has no budget.")
        if len(budgets) == 1 and not (output and Path(output).is_dir()):
            text = tally.export_text(budgets[0])
            if output:
                Path(output).write_text(text)
            else:
                sys.stdout.write(text)
            return
        folder = Path(output or ".")
        folder.mkdir(parents=True, exist_ok=True)
        for budget in budgets:
            path = folder / f"{found.slug}-{budget.pk}.pb"
            path.write_text(tally.export_text(budget))
            self.stdout.write(str(path))

    def do_import(self, *, file, community=None, slug=None, count=False, **options):
        try:
            election = pb.read(file)
        except (OSError, pb.PabulibError) as error:
            raise CommandError(str(error)) from None
        if community:
            home = Community.objects.filter(slug=community).first()
        else:
            homes = list(Community.objects.all()[:2])
            home = homes[0] if len(homes) == 1 else None
        if home is None:
            raise CommandError("Name the community with --community SLUG.")
        slug = slugify(slug or Path(file).stem)[:60]
        if Process.objects.filter(community=home, slug=slug).exists():
            raise CommandError(f"{home.slug} already has a process {slug!r}; choose another with --slug.")
        kind = election.kind
        meta = election.meta
        longest = max((len(b) for b, _ in election.ballots.ballots), default=1)
        # Written in several short transactions, so the site keeps taking writes during a big import;
        # the process stays in review, where nobody can vote or count, until every ballot is in.
        with transaction.atomic():
            process = Process.objects.create(
                community=home, slug=slug, title=meta.get("description") or Path(file).stem,
                phase=Phase.REVIEW, frozen=True, ballot_type=BALLOT_FOR_KIND[kind],
                max_choices=int(meta.get("max_length") or longest),
                points=int(float(meta.get("max_sum_points") or 0) or 10**6),
                rule=Rule.GREEDY if meta.get("rule") == "greedy" else Rule.EQUAL_SHARES,
                completion="add1", eligibility="codes",
            )
            budget = Budget.objects.create(community=home, process=process, name=meta.get("unit") or process.title,
                                           amount_cents=cents(election.budget))
            projects = {p.id: Project.objects.create(community=home, process=process, budget=budget, code=p.id,
                                                     title=p.name or p.id, cost_cents=cents(p.cost))
                        for p in election.projects}
        ballots, choices, stored = [], [], 0

        def flush():
            with transaction.atomic():
                Ballot.objects.bulk_create(ballots, batch_size=500)
                Choice.objects.bulk_create(choices, batch_size=5000)
            ballots.clear()
            choices.clear()
            storage.let_others_write()

        for ballot, number in election.ballots.ballots:
            for _ in range(number):
                row = Ballot(community=home, process=process, budget=budget)
                ballots.append(row)
                if kind in ("cumulative", "scoring"):
                    choices.extend(Choice(community=home, ballot=row, project=projects[pid], value=int(points))
                                   for pid, points in ballot)
                elif kind == "ordinal":
                    choices.extend(Choice(community=home, ballot=row, project=projects[pid], value=rank)
                                   for rank, pid in enumerate(ballot, start=1))
                else:
                    choices.extend(Choice(community=home, ballot=row, project=projects[pid]) for pid in ballot)
                stored += 1
                if len(ballots) >= 500:
                    flush()
        flush()
        process.phase = Phase.VOTING
        process.save(update_fields=["phase"])
        self.stdout.write(f"Imported {home.slug}:{process.slug}: {len(projects)} projects, {stored} ballots.")
        if count:
            actions.do_close_and_count(None, process)
            actions.do_publish_results(None, process)
            self.stdout.write(f"Counted and published: /c/{home.slug}/pb/{process.slug}/results/")
