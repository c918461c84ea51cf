"""The one domain error every workflow raises, and the audit helper every do_*() uses."""


class NotAllowed(Exception):
    """A step that the current state, role or rules do not allow. The message says why, translated,
    so a view can show it as it is."""


def audit(actor, action: str, target=None, *, community=None, detail: str = ""):
    """Write one audit entry. The community is the target's unless given. `detail` must never hold free
    text a person typed: only codes, counts and states."""
    from solidarity.privacy.models import AuditEntry

    if community is None and target is not None:
        community = target.community
    return AuditEntry.record(actor=actor, action=action, target=target, community=community, detail=detail)
