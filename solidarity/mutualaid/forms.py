from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from solidarity.core import timewindows
from solidarity.core.categories import Category
from solidarity.core.money import MoneyField
from solidarity.forms import limit_lengths

from .models import (ACCESS_CHOICES, CATEGORIES, LANGUAGE_CHOICES, AidSettings, HelpRequest, Offer, PaymentKind,
                     Responder, Status, Urgency, Zone)

CHECKBOXES = forms.CheckboxSelectMultiple


class ZoneChoiceMixin:
    def limit_zones(self, community):
        self.fields["zone"].queryset = Zone.objects.filter(community=community)
        self.fields["zone"].empty_label = _("I'd rather not say / not sure")


class RequestForm(ZoneChoiceMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), choices=LANGUAGE_CHOICES,
                                          required=False, widget=CHECKBOXES)
    access_needs = forms.MultipleChoiceField(label=_("Access needs"), choices=ACCESS_CHOICES, required=False,
                                             widget=CHECKBOXES)

    class Meta:
        model = HelpRequest
        fields = ["category", "urgency", "description", "zone", "cross_streets", "address", "languages",
                  "access_needs", "times", "contact_name", "contact"]
        widgets = {
            "category": forms.RadioSelect, "urgency": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "cross_streets": forms.TextInput, "address": forms.TextInput,
            "contact_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "contact": forms.TextInput(attrs={"autocomplete": "tel"}),
            "times": forms.TextInput(attrs={"placeholder": "mon 18:00-20:00; sat 09:00-12:00"}),
        }
        help_texts = {
            "description": _("Say what would help. You don't need to explain why."),
            "cross_streets": _("For example “5th and Main”. Not your address."),
            "address": _("Leave empty unless someone has to come to your door. It is encrypted and deleted after."),
            "contact_name": _("Any name or nickname."),
            "contact": _("A phone number, email or messaging handle. Only the coordinators and the person "
                         "who helps you will see it."),
            "times": _("Optional. For example “mon 18:00-20:00; sat 09:00-12:00”."),
        }

    def __init__(self, community, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_zones(community)
        self.fields["urgency"].initial = Urgency.ANYTIME
        limit_lengths(self)

    def clean_times(self):
        return timewindows.clean(self.cleaned_data["times"])

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean_access_needs(self):
        return ",".join(self.cleaned_data["access_needs"])


class OfferForm(ZoneChoiceMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(label=_("What you can help with"), choices=CATEGORIES,
                                           widget=CHECKBOXES)
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), choices=LANGUAGE_CHOICES,
                                          required=False, widget=CHECKBOXES)
    access_provides = forms.MultipleChoiceField(label=_("What you can provide"), choices=ACCESS_CHOICES,
                                                required=False, widget=CHECKBOXES)

    class Meta:
        model = Offer
        fields = ["kind", "title", "categories", "details", "zone", "languages", "access_provides", "times",
                  "capacity", "contact", "active"]
        widgets = {"kind": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 3}),
                   "contact": forms.TextInput, "times": forms.TextInput}
        help_texts = {"times": _("Optional. For example “mon 18:00-20:00; sat 09:00-12:00”.")}

    def __init__(self, community, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_zones(community)
        limit_lengths(self)
        if self.instance.pk:
            self.initial.update(categories=self.instance.category_list(),
                                languages=[x for x in self.instance.languages.split(",") if x],
                                access_provides=[x for x in self.instance.access_provides.split(",") if x])

    def clean_times(self):
        return timewindows.clean(self.cleaned_data["times"])

    def clean_categories(self):
        return ",".join(self.cleaned_data["categories"])

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean_access_provides(self):
        return ",".join(self.cleaned_data["access_provides"])


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your status code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))

    def clean_code(self):
        from solidarity.privacy.codes import is_code, normalise

        if not is_code(self.cleaned_data["code"]):
            raise forms.ValidationError(_("No request has that code. Check it and try again."))
        return normalise(self.cleaned_data["code"])


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Did you get what you needed?"), widget=forms.RadioSelect, choices=[
        ("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No, I still need help")),
    ])


class TriageForm(forms.Form):
    urgency = forms.ChoiceField(label=_("How soon"), choices=Urgency.choices)
    category = forms.ChoiceField(label=_("Kind of help"), choices=CATEGORIES)
    zone = forms.ModelChoiceField(label=_("Area"), queryset=Zone.objects.none(), required=False)

    def __init__(self, community, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(community=community)


class CloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Close as"), choices=[
        (s.value, s.label) for s in (Status.FULFILLED, Status.WITHDRAWN, Status.UNREACHABLE)
    ])


class ReferForm(forms.Form):
    referred_to = forms.CharField(label=_("Referred to which group"), max_length=120)


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Duplicate of request (its number)"), max_length=12)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note for coordinators"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class SafetyScreenForm(forms.Form):
    danger_now = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    self_harm = forms.BooleanField(label=_("Someone may hurt themselves"), required=False)
    violence = forms.BooleanField(label=_("Someone is being hurt or threatened at home"), required=False)
    medical = forms.BooleanField(label=_("A medical emergency"), required=False)

    def is_crisis(self) -> bool:
        return any(self.cleaned_data.values())


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AidSettings
        fields = ["exchange_mode", "public_intake", "purge_days", "approval_threshold_cents"]
        widgets = {"exchange_mode": forms.RadioSelect}


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["name", "neighbours"]
        widgets = {"neighbours": CHECKBOXES}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Zone.objects.filter(community=self.community, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already an area with this name."))
        return name

    def __init__(self, community, *args, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)
        self.fields["neighbours"].queryset = Zone.objects.filter(community=community)
        self.fields["neighbours"].required = False


class ResponderForm(forms.ModelForm):
    class Meta:
        model = Responder
        fields = ["name", "phone", "hours", "serves"]


class DonationForm(forms.Form):
    amount = MoneyField(label=_("Amount"), largest=Decimal("10000000"))
    category = forms.ChoiceField(label=_("For"), choices=CATEGORIES, initial=Category.OTHER)
    name = forms.CharField(label=_("From (leave empty for anonymous)"), required=False, max_length=120)


class PaymentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in PaymentKind.choices if c[0] != "donation"])
    amount = MoneyField(label=_("Amount"), largest=Decimal("10000000"))
    category = forms.ChoiceField(label=_("For"), choices=CATEGORIES)
    name = forms.CharField(label=_("To whom"), required=False, max_length=120)
    note = forms.CharField(label=_("Private note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
