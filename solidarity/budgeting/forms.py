
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from solidarity.core.money import MoneyField, cents_as_fraction
from solidarity.forms import limit_lengths

from .models import BallotType, Budget, Idea, PaperBatch, Process, Project, Rule, Site


# Fixed once voting opens (SR-37): how ballots are cast and counted, and who may cast one. More code
# sheets may still be printed for people the eligibility already admits.
FROZEN = ("ballot_type", "rule", "max_choices", "min_spend_percent", "points", "eligibility")


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "slug", "description", "ideas_open", "voting_opens", "voting_closes", "public_ideas",
                  "eligibility", "ballot_type", "max_choices", "min_spend_percent", "points", "rule"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "ballot_type": forms.RadioSelect,
                   "rule": forms.RadioSelect, "eligibility": forms.RadioSelect,
                   "ideas_open": forms.DateInput(attrs={"type": "date"}),
                   "voting_opens": forms.DateInput(attrs={"type": "date"}),
                   "voting_closes": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self)
        self.fields["max_choices"].min_value = 1
        self.fields["max_choices"].max_value = 100
        self.fields["points"].min_value = 1
        self.fields["points"].max_value = 1000
        self.fields["min_spend_percent"].max_value = 100
        for name in ("max_choices", "points", "min_spend_percent"):
            field = self.fields[name]
            from django.core.validators import MaxValueValidator, MinValueValidator

            field.validators += [MinValueValidator(field.min_value or 0), MaxValueValidator(field.max_value)]
        if self.instance.frozen:
            for name in FROZEN:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed since voting opened.")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.frozen:
            for name in FROZEN:
                data[name] = getattr(self.instance, name)
        if data.get("rule") == Rule.PHRAGMEN and data.get("ballot_type") in (BallotType.CUMULATIVE,
                                                                           BallotType.RANKED):
            self.add_error("rule", _("Sequential Phragmén counts approval and knapsack ballots only."))
        slug = data.get("slug")
        if slug and Process.objects.filter(community=self.instance.community, slug=slug).exclude(
                pk=self.instance.pk).exists():
            self.add_error("slug", _("Another process uses this short name."))
        opens, closes = data.get("voting_opens"), data.get("voting_closes")
        if opens and closes and closes < opens:
            self.add_error("voting_closes", _("Voting must close after it opens."))
        if data.get("min_spend_percent", 0) > 100:
            self.add_error("min_spend_percent", _("Use a share from 0 to 100."))
        return data


class BudgetForm(forms.Form):
    name = forms.CharField(label=_("Name of this budget (for example a district)"), max_length=120)
    amount = MoneyField(label=_("Amount"))


class IdeaForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "description", "category"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self)


class ProjectForm(forms.ModelForm):
    cost = MoneyField(label=_("Cost"))
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            help_text=_("JPEG or PNG. Location and camera details are removed before it is saved."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    class Meta:
        model = Project
        fields = ["budget", "code", "title", "description", "cost", "location", "category", "ideas", "photo",
                  "image_alt"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "ideas": forms.CheckboxSelectMultiple}
        labels = {"code": _("Short code (printed on paper ballots)"), "budget": _("Budget"),
                  "ideas": _("Ideas it comes from")}

    def __init__(self, process, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self)
        self.process = process
        self.fields["budget"].queryset = Budget.objects.filter(process=process)
        budgets = list(self.fields["budget"].queryset[:2])
        if len(budgets) == 1 and not self.instance.pk:
            self.initial["budget"] = budgets[0].pk
        self.fields["ideas"].queryset = Idea.objects.filter(process=process).exclude(status=Idea.Status.MERGED)
        self.fields["ideas"].required = False
        if self.instance.pk:
            self.initial["cost"] = cents_as_fraction(self.instance.cost_cents)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        from .images import BadImage, clean_photo

        try:
            return clean_photo(upload.read())
        except BadImage:
            raise forms.ValidationError(_("This file is not a photo we can use. Try a JPEG or PNG under 8 MB.")) \
                from None

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Say in a few words what the photo shows."))
        return data

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not code.replace("-", "").isalnum():
            raise forms.ValidationError(_("Use letters and numbers only, for example P12."))
        clash = Project.objects.filter(process=self.process, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another project has this code."))
        return code


class BallotForm(forms.Form):
    """A plain HTML form for every ballot type, checked here on the server."""

    def __init__(self, process, budget, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.process, self.budget = process, budget
        self.projects = list(budget.projects.order_by("code"))
        kind = process.ballot_type
        for project in self.projects:
            name = f"p_{project.pk}"
            if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
                self.fields[name] = forms.BooleanField(required=False, label=project.title)
            elif kind == BallotType.CUMULATIVE:
                self.fields[name] = forms.IntegerField(required=False, min_value=0, max_value=process.points,
                                                       label=project.title)
            else:
                self.fields[name] = forms.TypedChoiceField(
                    required=False, label=project.title, coerce=int, empty_value=None,
                    choices=[("", _("not ranked"))] + [(i, str(i)) for i in range(1, process.max_choices + 1)])

    def rows(self):
        return [(project, self[f"p_{project.pk}"]) for project in self.projects]

    def clean(self):
        data = super().clean()
        kind = self.process.ballot_type
        values = {p: data.get(f"p_{p.pk}") for p in self.projects}
        if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
            chosen = {p: 1 for p, v in values.items() if v}
        else:
            chosen = {p: v for p, v in values.items() if v}
        problem = ballot_problem(self.process, self.budget, chosen)
        if problem:
            raise forms.ValidationError(problem)
        data["chosen"] = chosen
        return data


def ballot_problem(process, budget, chosen: dict) -> str | None:
    """What is wrong with a ballot under the process's rules, in words, or None. Online and paper alike."""
    kind = process.ballot_type
    if not chosen:
        return _("Choose at least one project.")
    if kind in (BallotType.APPROVAL, BallotType.RANKED) and len(chosen) > process.max_choices:
        return ngettext("Choose at most %(count)s project.", "Choose at most %(count)s projects.",
                        process.max_choices) % {"count": process.max_choices}
    if kind == BallotType.KNAPSACK:
        spent = sum(p.cost_cents for p in chosen)
        if spent > budget.amount_cents:
            return _("Your choices cost more than the budget. Remove a project.")
        if spent * 100 < budget.amount_cents * process.min_spend_percent:
            return _("Choose projects that spend at least %(percent)s%% of the budget.") % {
                "percent": process.min_spend_percent}
    if kind == BallotType.CUMULATIVE and sum(chosen.values()) > process.points:
        return _("You gave out more than %(points)s points.") % {"points": process.points}
    if kind == BallotType.RANKED:
        ranks = sorted(chosen.values())
        if len(set(ranks)) != len(ranks):
            return _("Give each rank to one project only.")
        if ranks != list(range(1, len(ranks) + 1)):
            return _("Use ranks 1, 2, 3… without gaps.")
    return None


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your voting code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt code"), max_length=20,
                              widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes to print"), min_value=1, max_value=2000, initial=50)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name"]


class BatchForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.none())
    label = forms.CharField(label=_("Batch label (for example “box 3”)"), max_length=60)

    def clean(self):
        data = super().clean()
        if data.get("site") and PaperBatch.objects.filter(site=data["site"], label=data.get("label")).exists():
            self.add_error("label", _("This site already has a batch with this label."))
        return data

    def __init__(self, process, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(process=process)
        self.fields["budget"].queryset = Budget.objects.filter(process=process)


class PaperEntryForm(forms.Form):
    text = forms.CharField(label=_("The ballots, one a line"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Type the project codes marked on each ballot, separated by spaces, "
                                       "for example “P1 P4 P7”. For points write P1=3. For ranks, write the "
                                       "codes in order."))


class CheckInForm(forms.Form):
    who = forms.CharField(label=_("Member name, or voting code"), max_length=40)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())

    def __init__(self, process, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(process=process)


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Project.Progress.choices)
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
