from django.utils.translation import gettext_lazy as _

from solidarity.core.capabilities import (
    EVERYONE,
    MEMBERS,
    ORGANIZERS,
    Capability,
    HomeCard,
    NavEntry,
)

from . import demo, disclosure

CAPABILITY = Capability(
    slug="mutualaid",
    label=_("Mutual aid"),
    description=_("Requests and offers of help, matching, and a community fund."),
    app_label="mutualaid",
    urls=(("", "solidarity.mutualaid.urls"), ("open311/v2/", "solidarity.mutualaid.open311_urls")),
    namespaces=("aid", "open311"),
    nav=(
        NavEntry(_("Mutual aid"), "aid:home", EVERYONE),
        NavEntry(_("My help"), "aid:mine", MEMBERS),
        NavEntry(_("Requests"), "aid:queue", ORGANIZERS),
        NavEntry(_("Fund"), "aid:ledger", ORGANIZERS),
    ),
    home_cards=(HomeCard("mutualaid/_home_card.html", EVERYONE),
                HomeCard("mutualaid/_organizer_card.html", ORGANIZERS)),
    my_data_key="mutual_aid",
    my_data=disclosure.section,
    my_data_models=disclosure.MODELS,
    demo=demo.add_mutual_aid_demo,
)
