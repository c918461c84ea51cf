import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from solidarity.mutualaid.models import HelpRequest, Offer

from .base import BASE, AidTestCase

CSV = ("Kind of help,Need,Phone,Area,Languages\n"
       "food,Groceries for two,555-0101,North,Spanish\n"
       "Transport,Ride to clinic,555-0102,south,en\n")


class ImportTests(AidTestCase):
    def setUp(self):
        self.login(self.organizer)

    def upload(self, name, data, kind="requests"):
        return self.client.post(BASE + "import/", {"kind": kind, "file": SimpleUploadedFile(name, data)})

    def confirm(self, page, kind="requests", **mapping):
        payload = re.search(r'name="payload" value="([^"]+)"', page.content.decode()).group(1)
        return self.client.post(BASE + "import/", {"kind": kind, "payload": payload, **mapping})

    def test_a_csv_is_mapped_and_imported_whole(self):
        page = self.upload("requests.csv", CSV.encode())
        self.assertContains(page, "Match the columns")
        r = self.confirm(page, map_category="0", map_description="1", map_contact="2", map_zone="3",
                         map_languages="4")
        self.assertRedirects(r, BASE + "queue/")
        rows = HelpRequest.objects.order_by("id")
        self.assertEqual([(r.category, r.description, r.zone, r.languages, r.channel) for r in rows],
                         [("food", "Groceries for two", self.north, "es", "import"),
                          ("transport", "Ride to clinic", self.south, "en", "import")])

    def test_a_bad_row_stops_the_whole_import_and_is_reported_by_number(self):
        data = CSV + "pets,Dog food,555-0103,North,en\n,Missing kind,555-0104,,\n"
        page = self.upload("requests.csv", data.encode())
        r = self.confirm(page, map_category="0", map_description="1", map_contact="2", map_zone="3",
                         map_languages="4")
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Row 4", status_code=400)
        self.assertContains(r, "Row 5", status_code=400)
        self.assertFalse(HelpRequest.objects.exists())

    def test_a_required_column_must_be_chosen(self):
        page = self.upload("requests.csv", CSV.encode())
        r = self.confirm(page, map_category="0")
        self.assertContains(r, "Choose a column for", status_code=400)

    def test_an_xlsx_of_volunteers(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["Title", "Categories", "Capacity", "Languages"])
        sheet.append(["Ana's van", "transport, food", 3, "Spanish; English"])
        buffer = io.BytesIO()
        book.save(buffer)
        page = self.upload("vols.xlsx", buffer.getvalue(), kind="volunteers")
        self.assertContains(page, 'value="0" selected')  # the Title column is guessed
        self.confirm(page, kind="volunteers", map_title="0", map_categories="1", map_capacity="2",
                     map_languages="3")
        offer = Offer.objects.get(title="Ana's van")
        self.assertEqual((offer.kind, offer.categories, offer.capacity, offer.languages),
                         ("volunteer", "transport,food", 3, "es,en"))

    def test_a_file_that_is_not_a_sheet_is_explained(self):
        r = self.upload("notes.pdf", b"%PDF-1.4")
        self.assertContains(r, "Upload a .csv or .xlsx file.", status_code=400)
        r = self.upload("broken.xlsx", b"not a zip")
        self.assertContains(r, "could not be read", status_code=400)

    def test_a_changed_payload_is_refused(self):
        r = self.client.post(BASE + "import/", {"kind": "requests", "payload": "tampered"})
        self.assertContains(r, "upload the file again", status_code=400)
