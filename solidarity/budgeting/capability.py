from django.utils.translation import gettext_lazy as _

from solidarity.core.capabilities import (
    EVERYONE,
    ORGANIZERS,
    Capability,
    HomeCard,
    NavEntry,
)

from . import demo, disclosure

CAPABILITY = Capability(
    slug="budgeting",
    label=_("Participatory budgeting"),
    description=_("Ideas, costed projects, secret ballots and explained results."),
    app_label="budgeting",
    urls=(("", "solidarity.budgeting.urls"),),
    namespaces=("pb",),
    nav=(NavEntry(_("Budgeting"), "pb:processes", EVERYONE, current=("pb:*",)),),
    home_cards=(HomeCard("budgeting/_home_card.html", EVERYONE),
                HomeCard("budgeting/_organizer_card.html", ORGANIZERS)),
    my_data_key="budgeting",
    my_data=disclosure.section,
    my_data_models=disclosure.MODELS,
    demo=demo.add_budgeting_demo,
)
