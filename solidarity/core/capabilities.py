"""The capability registry: what the core needs from each capability app, declared by the app itself.

A capability app (budgeting, mutual aid, and the ones to come) owns a module `capability.py` with one
`CAPABILITY = Capability(...)`, and names it in its AppConfig (`capability = "solidarity.x.capability"`).
The core (the nav, the community home, "download my data", the demo command, the URL conf and the
tests) reads this registry and imports no app. Adding a capability touches its own folder, one line
in INSTALLED_APPS and the translation catalogue.

Plain data and plain functions, no plugin framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.urls import include, path

EVERYONE, MEMBERS, ORGANIZERS = "everyone", "members", "organizers"
AUDIENCES = (EVERYONE, MEMBERS, ORGANIZERS)

# Apps of the core: they have models, but no capability to switch off. Everything else we ship with
# models must declare a capability (test_registry.py fails otherwise).
CORE_APPS = ("solidarity", "privacy", "accounts", "communities")


@dataclass(frozen=True)
class NavEntry:
    label: str  # a lazy translation
    url_name: str  # reversed with the community's slug
    visible_to: str = EVERYONE
    current: tuple[str, ...] = ()  # "ns:name" or "ns:*" marks the entry as the current page

    def __post_init__(self):
        if self.visible_to not in AUDIENCES:
            raise ValueError(f"visible_to must be one of {AUDIENCES}, not {self.visible_to!r}")

    def is_current(self, match) -> bool:
        if match is None:
            return False
        names = self.current or (self.url_name,)
        return any(name == f"{match.namespace}:*" or name == match.view_name for name in names)


@dataclass(frozen=True)
class HomeCard:
    """A card on the community home page: `template` is rendered with community, membership and request."""

    template: str
    visible_to: str = EVERYONE


@dataclass(frozen=True)
class Capability:
    slug: str  # short and stable: it is stored in the community's switches
    label: str  # a lazy translation, shown on the switches page
    description: str
    app_label: str
    urls: tuple[tuple[str, str], ...]  # (prefix, urlconf module); the first one holds the community pages
    namespaces: tuple[str, ...]  # URL namespaces the app owns (a switched-off capability answers 404 there)
    nav: tuple[NavEntry, ...] = ()
    home_cards: tuple[HomeCard, ...] = ()
    # "Download my data" and subpoena-view: section name, the function that fills it, and which rows
    # each of the section's lists reports ("app.Model.lookup", the lookup leading to the user).
    my_data_key: str = ""
    my_data: Callable | None = None
    my_data_models: Mapping[str, str] = field(default_factory=dict)
    demo: Callable | None = None  # demo(community, organizer), called by `solidarity demo`


def _load(config) -> Capability | None:
    name = getattr(config, "capability", None)
    if not name:
        return None
    declared = import_module(name).CAPABILITY
    if declared.app_label != config.label:
        raise ValueError(f"{name}: app_label {declared.app_label!r} is not the app's label {config.label!r}")
    return declared


@lru_cache(maxsize=1)
def _registry() -> tuple[Capability, ...]:
    found = tuple(c for c in (_load(config) for config in apps.get_app_configs()) if c is not None)
    slugs = [c.slug for c in found]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"two capabilities share a slug: {slugs}")
    return found


def all_capabilities() -> tuple[Capability, ...]:
    """Every installed capability, in INSTALLED_APPS order."""
    return _registry()


def forget() -> None:
    """Read the registry again (after INSTALLED_APPS changed, in tests)."""
    _registry.cache_clear()


def by_slug(slug: str) -> Capability:
    return next(c for c in _registry() if c.slug == slug)


def for_namespace(namespace: str) -> Capability | None:
    root = namespace.split(":")[0]
    return next((c for c in _registry() if root in c.namespaces), None)


def undeclared_apps() -> list[str]:
    """Labels of installed apps of ours that have models but declare no capability."""
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("solidarity") or config.label in CORE_APPS:
            continue
        if list(config.get_models()) and _load(config) is None:
            missing.append(config.label)
    return missing


# --- What a community has switched on ------------------------------------------------------------


def enabled_for(community) -> tuple[Capability, ...]:
    off = set(community.capabilities_off or ())
    return tuple(c for c in _registry() if c.slug not in off)


def is_enabled(community, slug: str) -> bool:
    return slug not in set(community.capabilities_off or ())


def _audience_allows(visible_to: str, membership) -> bool:
    if visible_to == EVERYONE:
        return True
    if not membership:  # None, or "" from a template whose view gave no membership
        return False
    return visible_to == MEMBERS or membership.is_organizer()


def nav_entries(community, membership) -> list[NavEntry]:
    """The community's nav entries this person may see: everyone's first, then members', then organizers'."""
    entries = [entry for cap in enabled_for(community) for entry in cap.nav
               if _audience_allows(entry.visible_to, membership)]
    return sorted(entries, key=lambda entry: AUDIENCES.index(entry.visible_to))


def home_cards(community, membership, audience: str) -> list[HomeCard]:
    return [card for cap in enabled_for(community) for card in cap.home_cards
            if card.visible_to == audience and _audience_allows(card.visible_to, membership)]


def urlpatterns() -> list:
    """One include per URL module of every installed capability (switched off per community at request time)."""
    return [path(prefix, include(module)) for cap in _registry() for prefix, module in cap.urls]
