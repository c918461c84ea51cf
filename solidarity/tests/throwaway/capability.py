from solidarity.core.capabilities import EVERYONE, ORGANIZERS, Capability, HomeCard, NavEntry

DEMO_CALLS = []


def my_data(user) -> dict:
    return {"plants": []}


def demo(community, organizer) -> None:
    DEMO_CALLS.append(community.slug)


CAPABILITY = Capability(
    slug="throwaway",
    label="Plant swap",
    description="Neighbours swap cuttings.",
    app_label="throwaway",
    urls=(("", "solidarity.tests.throwaway.urls"),),
    namespaces=("plants",),
    nav=(NavEntry("Plant swap", "plants:home", EVERYONE), NavEntry("Plant keepers", "plants:keepers", ORGANIZERS)),
    home_cards=(HomeCard("throwaway/_card.html", EVERYONE),),
    my_data_key="plant_swap",
    my_data=my_data,
    my_data_models={"plants": "throwaway.Plant.keeper"},
    demo=demo,
)
