"""Participatory budgeting: processes in phases, ideas, costed projects, secret ballots and results."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidarity.communities.models import Community
from solidarity.core.phases import Phases
from solidarity.core.ballots import PrintedCode, SecretBallot, SecretBallotPart
from solidarity.core.paper import PaperBatchBase, PaperEntryBase
from solidarity.core.categories import BUDGETING, Category


class Phase(models.TextChoices):
    IDEAS = "ideas", _("Ideas")
    PROPOSALS = "proposals", _("Proposal development")
    REVIEW = "review", _("Review and costing")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


# The moves an organizer makes by hand. Voting becomes results only through the count (do_close_and_count).
PHASES = Phases(Phase, moves={
    Phase.IDEAS: frozenset({Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING}),
    Phase.PROPOSALS: frozenset({Phase.REVIEW, Phase.VOTING}),
    Phase.REVIEW: frozenset({Phase.VOTING}),
    Phase.RESULTS: frozenset({Phase.IMPLEMENTATION}),
})


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose up to a number of projects")
    KNAPSACK = "knapsack", _("Knapsack: choose projects within the budget")
    CUMULATIVE = "cumulative", _("Cumulative: share out points")
    RANKED = "ranked", _("Ranked: put your top choices in order")


class Rule(models.TextChoices):
    EQUAL_SHARES = "equal-shares", _("Method of Equal Shares (fair to every group of voters)")
    GREEDY = "greedy", _("Greedy: most support per cost first")
    PHRAGMEN = "phragmen", _("Sequential Phragmén")


class Eligibility(models.TextChoices):
    MEMBERS = "members", _("Members of the community")
    CODES = "codes", _("Holders of a one-time voting code")
    BOTH = "both", _("Members and holders of a voting code")


# Project categories: budgeting's part of the shared vocabulary.
CATEGORIES = BUDGETING


class Process(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="pb_processes")
    slug = models.SlugField(_("short name for links"), max_length=60)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.IDEAS)
    ideas_open = models.DateField(_("ideas open on"), null=True, blank=True)
    voting_opens = models.DateField(_("voting opens on"), null=True, blank=True)
    voting_closes = models.DateField(_("voting closes on"), null=True, blank=True)
    public_ideas = models.BooleanField(_("residents without an account may submit ideas"), default=True)
    eligibility = models.CharField(_("who may vote"), max_length=8, choices=Eligibility.choices,
                                   default=Eligibility.BOTH)
    ballot_type = models.CharField(_("ballot"), max_length=12, choices=BallotType.choices,
                                   default=BallotType.APPROVAL)
    max_choices = models.PositiveIntegerField(_("most projects a voter may choose or rank"), default=5)
    min_spend_percent = models.PositiveIntegerField(_("knapsack: least share of the budget to spend (%)"),
                                                    default=0)
    points = models.PositiveIntegerField(_("cumulative: points each voter shares out"), default=10)
    rule = models.CharField(_("counting rule"), max_length=16, choices=Rule.choices, default=Rule.EQUAL_SHARES)
    completion = models.CharField(_("completion"), max_length=20, default="add1")
    frozen = models.BooleanField(default=False)  # ballot type and rule can no longer change
    results_published = models.BooleanField(default=False)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="unique_process_slug")]

    def __str__(self):
        return self.title

    def is_voting(self) -> bool:
        return self.phase == Phase.VOTING

    def shows_results(self) -> bool:
        return self.results_published and PHASES.reached(self.phase, Phase.RESULTS)

    def takes_ideas(self) -> bool:
        return self.phase == Phase.IDEAS


class Budget(models.Model):
    """One pot of money in a process, such as one district's; each has its own projects."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(_("name"), max_length=120)
    amount_cents = models.PositiveBigIntegerField(_("amount"))

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        MERGED = "merged", _("Merged into another idea")
        ACCEPTED = "accepted", _("Became a project")
        DECLINED = "declined", _("Not taken forward")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("your idea in a few words"), max_length=160)
    description = models.TextField(_("tell us more"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=CATEGORIES, default=Category.OTHER)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self):
        return self.title


class Project(models.Model):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="projects")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(max_length=20)  # the id in exports and on paper ballots
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    cost_cents = models.PositiveBigIntegerField(_("cost"))
    location = models.CharField(_("where (coarse)"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=CATEGORIES, default=Category.OTHER)
    ideas = models.ManyToManyField(Idea, blank=True, through="ProjectIdea", related_name="projects")
    image = models.BinaryField(null=True, blank=True, editable=False)  # JPEG re-encoded with no metadata
    image_alt = models.CharField(_("what the photo shows (for people who cannot see it)"), max_length=200,
                                 blank=True)
    funded = models.BooleanField(default=False)
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices,
                                default=Progress.NOT_STARTED)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["process", "code"], name="unique_project_code")]

    def __str__(self):
        return f"{self.code}: {self.title}"


class ProjectIdea(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE)


class ProgressUpdate(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    day = models.DateField(default=timezone.localdate)
    progress = models.CharField(max_length=12, choices=Project.Progress.choices)
    text = models.TextField(_("what happened"))

    class Meta:
        ordering = ["-day", "-id"]


class VotingCode(PrintedCode):
    """A one-time code printed on a sheet for door-to-door or in-person voting. Stored hashed."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="codes")


class Site(models.Model):
    """A place where paper ballots are cast and counted."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=120)

    def __str__(self):
        return self.name


class RollEntry(models.Model):
    """Who has voted, with no link to what they voted: a ballot row shares nothing with this row."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="roll")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    code = models.OneToOneField(VotingCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="use")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "voter"], condition=models.Q(voter__isnull=False),
                                    name="one_ballot_per_member"),
        ]


class Ballot(SecretBallot):
    """A cast ballot. Its key is random, it has no time, and it names no voter (core.ballots)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ballots")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["process", "budget"])]


class Choice(SecretBallotPart):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField(default=1)  # points (cumulative) or rank (1 = first); 1 otherwise


class PaperBatch(PaperBatchBase):
    """A stack of paper ballots from one site, typed in twice by two different organizers."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="batches")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="batches")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "label"], name="unique_batch_label")]

    def __str__(self):
        return f"{self.site} / {self.label}"


class PaperEntry(PaperEntryBase):
    """One organizer's typing of a batch: one ballot a line, project codes separated by spaces."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="entries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "entered_by"], name="one_entry_per_organizer")]


class Result(models.Model):
    """A count, stored so the published result never changes under a reader."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="results")
    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=40)
    winners = models.JSONField()  # project codes in selection order
    total_cost = models.CharField(max_length=40)
    reasons = models.JSONField(default=dict)  # project code -> Reason.as_json(): why, as a code and exact figures
    greedy_winners = models.JSONField()
    support = models.JSONField(default=dict)  # project code -> ballots that include it
    ballot_count = models.PositiveIntegerField()
    export_sha256 = models.CharField(max_length=64)
    counted_on = models.DateField(default=timezone.localdate)
