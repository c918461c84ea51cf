import json

from solidarity.communities.models import Community
from solidarity.mutualaid.models import HelpRequest

from .base import AidTestCase

API = "/open311/v2/"


class Open311Tests(AidTestCase):
    def post(self, **data):
        body = {"service_code": "food", "description": "Need groceries", "address_string": "5th and Main",
                "jurisdiction_id": "riverside", **data}
        return self.client.post(API + "requests.json", body)

    def test_services_list_every_kind_of_help(self):
        r = self.client.get(API + "services.json", {"jurisdiction_id": "riverside"})
        codes = [s["service_code"] for s in r.json()]
        self.assertIn("food", codes)
        self.assertEqual(len(codes), 10)

    def test_a_service_definition_and_an_unknown_one(self):
        self.assertEqual(self.client.get(API + "services/food.json", {"jurisdiction_id": "riverside"})
                         .json()["attributes"][0]["code"], "urgency")
        r = self.client.get(API + "services/pets.json", {"jurisdiction_id": "riverside"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json()[0]["code"], 404)

    def test_posting_a_request_gives_a_token_that_reads_it_back(self):
        r = self.post(**{"attribute[urgency]": "today", "phone": "555-0100"})
        self.assertEqual(r.status_code, 201)
        token = r.json()[0]["token"]
        request = HelpRequest.objects.get()
        self.assertEqual((request.channel, request.urgency, request.cross_streets, request.contact),
                         ("api", "today", "5th and Main", "555-0100"))
        lookup = self.client.get(API + f"tokens/{token}.json").json()[0]
        self.assertEqual(lookup["service_request_id"], request.public_id)
        status = self.client.get(API + f"requests/{request.public_id}.json", {"token": token}).json()[0]
        self.assertEqual((status["status"], status["service_code"]), ("open", "food"))

    def test_a_request_answers_only_the_holder_of_its_token(self):
        self.post()
        request = HelpRequest.objects.get()
        self.assertEqual(self.client.get(API + f"requests/{request.public_id}.json").status_code, 404)
        r = self.client.get(API + f"requests/{request.public_id}.json", {"token": "WRONGTOKEN"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json()[0]["code"], 404)

    def test_bad_input_gets_an_open311_error_list(self):
        r = self.post(service_code="pets", description="")
        self.assertEqual(r.status_code, 400)
        error = r.json()[0]
        self.assertEqual(error["code"], 400)
        self.assertIn("service_code", error["description"])
        self.assertIn("description", error["description"])

    def test_jurisdiction_is_optional_only_with_one_community(self):
        self.assertEqual(self.post(jurisdiction_id="").status_code, 400)  # riverside and hilltop exist
        Community.objects.exclude(slug="riverside").delete()
        self.assertEqual(self.post(jurisdiction_id="").status_code, 201)
        self.assertEqual(self.post(jurisdiction_id="nowhere").status_code, 404)

    def test_the_openapi_document_names_the_standard_paths(self):
        doc = json.loads(self.client.get(API + "openapi.json").content)
        self.assertEqual(doc["openapi"], "3.0.3")
        self.assertEqual(set(doc["paths"]), {f"/open311/v2/{p}" for p in (
            "services.json", "services/{service_code}.json", "requests.json", "tokens/{token}.json",
            "requests/{service_request_id}.json")})
