import re

from django import forms
from django.utils.translation import gettext_lazy as _

from solidarity.core import capabilities

from .models import Role


class InvitationForm(forms.Form):
    label = forms.CharField(label=_("Note for organizers (optional)"), max_length=80, required=False,
                            help_text=_("For example: 'Tenants meeting, March'. Only organizers see it."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    max_uses = forms.IntegerField(label=_("How many people can use it"), min_value=1, max_value=500, initial=1)
    days = forms.IntegerField(label=_("Valid for how many days"), min_value=1, max_value=7, initial=7)

    def clean(self):
        data = super().clean()
        if data.get("role") not in (None, Role.MEMBER) and data.get("max_uses", 1) != 1:
            self.add_error("max_uses", _("An invitation to organize is for one person: it can be used once."))
        return data


class JoinCodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=64,
                           widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"[A-Za-z0-9_-]+", code):
            raise forms.ValidationError(_("This invitation or link is not valid. It may have expired or been used already."))
        return code


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class CapabilitiesForm(forms.Form):
    enabled = forms.MultipleChoiceField(label=_("What this community uses"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    currency = forms.CharField(label=_("Currency symbol"), max_length=4, help_text=_("Shown before every amount."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"].choices = [(c.slug, c.label) for c in capabilities.all_capabilities()]
