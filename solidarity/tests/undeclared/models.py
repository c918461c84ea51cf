from django.db import models


class Note(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=20)
