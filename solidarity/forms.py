"""Form behaviour every app shares."""

from django import forms

LONGEST_TEXT = 4000


def limit_lengths(form):
    """Text fields backed by unlimited columns get a limit, so nobody can fill the disk through a form."""
    from django.core.validators import MaxLengthValidator

    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = LONGEST_TEXT
            field.validators.append(MaxLengthValidator(LONGEST_TEXT))
            field.widget.attrs.setdefault("maxlength", str(LONGEST_TEXT))
