"""Mutual aid: requests for help, offers of help, matches between them, and a community fund."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidarity.communities.models import Community
from solidarity.core.categories import MUTUAL_AID, Category
from solidarity.core.phases import Phases
from solidarity.privacy.codes import hash_code, new_code  # noqa: F401 (re-exported for the app)
from solidarity.privacy.fields import EncryptedTextField
from solidarity.privacy.retention import Retention
from solidarity.core.public_ids import PublicIdField

# Kinds of help: mutual aid's part of the shared vocabulary.
CATEGORIES = MUTUAL_AID
CATEGORY_VALUES = [value for value, _label in CATEGORIES]


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    DAYS = "days", _("In 1–2 days")
    WEEK = "week", _("This week")
    ANYTIME = "anytime", _("Any time")


class ExchangeMode(models.TextChoices):
    MODERATED = "moderated", _("Dispatch-moderated: coordinators match, and confirm every match")
    ASSISTED = "assisted", _("Dispatch-assisted: coordinators suggest, helpers accept")
    PEER = "peer", _("Peer-to-peer: members claim requests themselves")


LANGUAGE_CHOICES = [
    ("en", _("English")), ("es", _("Spanish")), ("zh", _("Chinese")), ("vi", _("Vietnamese")),
    ("ar", _("Arabic")), ("fr", _("French")), ("ht", _("Haitian Creole")), ("ru", _("Russian")),
    ("asl", _("American Sign Language")), ("other", _("Another language")),
]
ACCESS_CHOICES = [
    ("wheelchair", _("Wheelchair access")), ("step-free", _("No stairs")), ("delivery", _("Delivery to the door")),
    ("car", _("A car or ride")), ("asl", _("Sign language")), ("large-print", _("Large print")),
    ("quiet", _("Quiet, low-stimulus")),
]




class AidSettings(models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="aid_settings")
    exchange_mode = models.CharField(_("exchange mode"), max_length=12, choices=ExchangeMode.choices,
                                     default=ExchangeMode.MODERATED)
    public_intake = models.BooleanField(_("anyone can ask for help without an account"), default=True)
    purge_days = models.PositiveIntegerField(
        _("days after a request closes before its personal details are deleted"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)])
    approval_threshold_cents = models.PositiveIntegerField(
        _("payments above this amount need two organizers to approve (in cents)"), default=10000,
        validators=[MaxValueValidator(100_000_000)])

    @classmethod
    def for_community(cls, community) -> "AidSettings":
        return cls.objects.get_or_create(community=community)[0]


class Zone(models.Model):
    """A coarse area the community uses: a neighbourhood, a block group, a set of cross streets."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("name"), max_length=80)
    neighbours = models.ManyToManyField("self", blank=True, symmetrical=True, through="ZoneBorder")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="unique_zone_name")]

    def __str__(self):
        return self.name


class ZoneBorder(models.Model):
    """Two areas that border each other (stored both ways), with the community that owns them."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    from_zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    to_zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_zone", "to_zone"], name="one_border_per_pair")]


class Responder(models.Model):
    """A non-police crisis responder the community trusts (mobile crisis team, warmline, DV hotline)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="responders")
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)
    hours = models.CharField(_("hours"), max_length=80, blank=True)
    serves = models.CharField(_("what they help with"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    DUPLICATE = "duplicate", _("Closed: duplicate")
    REFERRED = "referred", _("Closed: referred to another group")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn")
    UNREACHABLE = "unreachable", _("Closed: could not reach")


OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.MATCHED, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.FULFILLED, Status.DUPLICATE, Status.REFERRED, Status.WITHDRAWN, Status.UNREACHABLE)
STATUSES = Phases(Status, moves={
    Status.NEW: frozenset({Status.TRIAGED, *CLOSED_STATUSES}),
    Status.TRIAGED: frozenset({Status.MATCHED, *CLOSED_STATUSES}),
    Status.MATCHED: frozenset({Status.IN_PROGRESS, Status.TRIAGED, *CLOSED_STATUSES}),
    Status.IN_PROGRESS: frozenset({Status.FULFILLED, Status.TRIAGED, *CLOSED_STATUSES}),
})


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone, entered by a volunteer")
    API = "api", _("Open311 API")
    IMPORT = "import", _("Imported from a spreadsheet")


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def queue(self):
        """Open requests in the order coordinators work them: most urgent, then oldest."""
        order = models.Case(*[models.When(urgency=u, then=i) for i, u in enumerate(Urgency.values)])
        return self.open().annotate(urgency_rank=order).order_by("urgency_rank", "created_on", "id")


class HelpRequest(models.Model):
    """Someone asking for help. Details and contact are encrypted and purged after it closes."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="help_requests")
    public_id = models.CharField(max_length=12, unique=True, editable=False)  # Open311 service_request_id
    code_hash = models.CharField(max_length=64, unique=True, editable=False)  # the requester's status code
    category = models.CharField(_("what kind of help"), max_length=16, choices=CATEGORIES)
    urgency = models.CharField(_("how soon"), max_length=8, choices=Urgency.choices, default=Urgency.ANYTIME)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area"))
    cross_streets = EncryptedTextField(_("nearest cross streets"), blank=True)
    address = EncryptedTextField(_("exact address (only if a helper must come to you)"), blank=True)
    description = EncryptedTextField(_("what you need"))
    contact_name = EncryptedTextField(_("name to use"), blank=True)
    contact = EncryptedTextField(_("how to reach you"), blank=True)
    languages = models.CharField(max_length=100, blank=True)  # comma-separated LANGUAGE_CHOICES keys
    access_needs = models.CharField(max_length=200, blank=True)  # comma-separated ACCESS_CHOICES keys
    times = models.CharField(_("good times"), max_length=200, blank=True)  # "mon 18:00-20:00; sat 09:00-12:00"
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    referred_to = EncryptedTextField(_("referred to"), blank=True)  # "Hope House shelter" names a situation
    call_back = models.BooleanField(_("no answer: call back"), default=False)
    coordinator_note = EncryptedTextField(_("note for coordinators"), blank=True)
    crisis = models.BooleanField(default=False)  # the safety screen found a crisis
    outcome = models.CharField(max_length=8, blank=True)  # the requester's follow-up: yes / partly / no
    created_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    purge_on = models.DateField(null=True, blank=True)

    objects = RequestQuerySet.as_manager()
    retention = (
        Retention(after="purge_on", days=0, blank=(
            "cross_streets", "address", "description", "contact_name", "contact", "coordinator_note", "times",
            "crisis", "referred_to", "languages", "access_needs",
        ), description="personal details of closed requests"),
    )

    class Meta:
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self):
        return f"{self.public_id} ({self.get_category_display()})"

    @classmethod
    def start(cls, community, **fields) -> tuple["HelpRequest", str]:
        """A new request with a fresh status code, which is returned once and stored hashed."""
        code = new_code()
        request = cls(community=community, public_id=new_code(8), code_hash=hash_code(code), **fields)
        return request, code

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def language_list(self) -> list[str]:
        return [x for x in self.languages.split(",") if x]

    def access_list(self) -> list[str]:
        return [x for x in self.access_needs.split(",") if x]

    def close(self, status: str) -> None:
        aid = AidSettings.for_community(self.community)
        self.status = status
        self.closed_on = timezone.localdate()
        self.purge_on = self.closed_on + timedelta(days=aid.purge_days)
        self.call_back = False


class Offer(models.Model):
    """An offer of help: goods or a service, or a volunteer's time."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Something to give or lend")
        VOLUNTEER = "volunteer", _("My time as a volunteer")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="offers")
    public_id = PublicIdField()  # in URLs instead of the row number (SR-26)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="offers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VOLUNTEER)
    title = models.CharField(_("short title"), max_length=120)
    details = EncryptedTextField(_("details"), blank=True)
    categories = models.CharField(max_length=200)  # comma-separated CATEGORY_VALUES
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area"))
    languages = models.CharField(max_length=100, blank=True)
    access_provides = models.CharField(max_length=200, blank=True)
    times = models.CharField(_("when you are free"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("how many requests at once"), default=1)
    contact = EncryptedTextField(_("how coordinators reach you"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def category_list(self) -> list[str]:
        return [x for x in self.categories.split(",") if x]


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed: waiting for the helper")
    ACTIVE = "active", _("Matched")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Match(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="matches")
    public_id = PublicIdField()  # in URLs instead of the row number (SR-26)
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.ACTIVE)
    score = models.IntegerField(default=0)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request"], condition=models.Q(status__in=["proposed", "active"]),
                                    name="one_live_match_per_request"),
        ]

    def is_live(self) -> bool:
        return self.status in (MatchStatus.PROPOSED, MatchStatus.ACTIVE)


class PaymentKind(models.TextChoices):
    DONATION = "donation", _("Donation in")
    DISBURSEMENT = "disbursement", _("Disbursement to someone in need")
    REIMBURSEMENT = "reimbursement", _("Reimbursement to a volunteer")


class PaymentState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class LedgerAccount(models.TextChoices):
    CASH = "cash", _("Cash and bank")
    DONATIONS = "donations", _("Donations")
    DISBURSEMENTS = "disbursements", _("Disbursements")
    REIMBURSEMENTS = "reimbursements", _("Reimbursements")


class Payment(models.Model):
    """Money into or out of the community fund. Paid payments are posted to the ledger as entries."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="payments")
    public_id = PublicIdField()  # in URLs instead of the row number (SR-26)
    kind = models.CharField(_("kind"), max_length=14, choices=PaymentKind.choices)
    state = models.CharField(max_length=10, choices=PaymentState.choices, default=PaymentState.REQUESTED)
    amount_cents = models.PositiveBigIntegerField(_("amount"))
    category = models.CharField(_("for"), max_length=16, choices=CATEGORIES, default=Category.OTHER)
    name = EncryptedTextField(_("from or to (leave empty for anonymous)"), blank=True)
    note = EncryptedTextField(_("private note"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_on = models.DateField(default=timezone.localdate)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_cents / 100:.2f}"

    def is_outgoing(self) -> bool:
        return self.kind != PaymentKind.DONATION


class Approval(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["payment", "approver"], name="one_approval_per_person")]


class Entry(models.Model):
    """One side of a double-entry posting, in cents: debits positive, credits negative.

    Every paid payment posts two entries that sum to zero.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=16, choices=LedgerAccount.choices)
    amount_cents = models.BigIntegerField()
    day = models.DateField(default=timezone.localdate)
