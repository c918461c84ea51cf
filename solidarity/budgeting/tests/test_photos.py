import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from solidarity.budgeting.models import Budget, Process, Project
from solidarity.testing import CommunityTestCase

BASE = "/c/riverside/pb/p/"


def photo_with_location() -> bytes:
    image = Image.new("RGB", (400, 300), "green")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Maker"  # camera make
    exif[0x8825] = {1: "N", 2: (40.0, 42.0, 51.0), 3: "W", 4: (74.0, 0.0, 21.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


class PhotoTests(CommunityTestCase):
    def setUp(self):
        self.process = Process.objects.create(community=self.community, slug="p", title="P")
        self.budget = Budget.objects.create(community=self.community, process=self.process, name="All",
                                            amount_cents=10000)
        self.login(self.organizer)

    def post(self, **extra):
        return self.client.post(BASE + "projects/new/", {"budget": self.budget.pk, "code": "A", "title": "Park",
                                                          "cost": "10", "category": "environment", **extra})

    def test_an_uploaded_photo_loses_its_location_and_camera_metadata(self):
        original = photo_with_location()
        self.assertIn(b"SpyCam", original)
        r = self.post(photo=SimpleUploadedFile("park.jpg", original, "image/jpeg"), image_alt="A green park")
        self.assertRedirects(r, BASE + "manage/")
        stored = bytes(Project.objects.get().image)
        self.assertNotIn(b"SpyCam", stored)
        self.assertNotIn(b"Exif", stored)
        self.assertEqual(dict(Image.open(io.BytesIO(stored)).getexif()), {})
        served = self.client_class().get(BASE + f"projects/{Project.objects.get().pk}/photo.jpg")
        self.assertEqual((served.status_code, served["Content-Type"]), (200, "image/jpeg"))
        self.assertTrue(served["Content-Security-Policy"].startswith("sandbox;"))
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")

    def test_a_photo_needs_a_description_and_must_be_an_image(self):
        r = self.post(photo=SimpleUploadedFile("park.jpg", photo_with_location(), "image/jpeg"))
        self.assertContains(r, "Say in a few words what the photo shows.", status_code=400)
        r = self.post(photo=SimpleUploadedFile("evil.jpg", b"<script>", "image/jpeg"), image_alt="x")
        self.assertContains(r, "This file is not a photo we can use.", status_code=400)
        self.assertFalse(Project.objects.exists())
