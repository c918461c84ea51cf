from solidarity.tests.access_table import ALL_200, ORGANIZERS_ONLY

GET_EXPECTED = {"plants:home": ALL_200, "plants:keepers": ORGANIZERS_ONLY}
POST_EXPECTED = {}


def url_args(case) -> dict:
    return {}
