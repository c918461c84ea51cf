from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .models import handle_validator


class LoginForm(forms.Form):
    handle = forms.CharField(label=_("Name"), max_length=40,
                             widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False, max_length=settings.PASSWORD_MAX_LENGTH,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    # Asked for only while the account is held back after failed tries: a correct password with a
    # valid two-factor code still gets its owner in.
    code = forms.CharField(label=_("Code from your authenticator app, or a recovery code"), max_length=16,
                           required=False, widget=forms.TextInput(attrs={
                               "autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}))

    def __init__(self, *args, with_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, max_length=settings.PASSWORD_MAX_LENGTH,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ContextWordsValidator:
    """Refuse a password that is mostly this site's name or a community's: the first words a guesser
    tries against a community's members."""

    def validate(self, password, user=None):
        from solidarity.communities.models import Community

        words = {"solidarity", settings.SITE_NAME.lower()}
        words.update(w.lower() for pair in Community.objects.values_list("slug", "name") for w in pair)
        left = password.lower()
        for word in sorted((w for w in words if len(w) >= 4), key=len, reverse=True):
            left = left.replace(word, "")
        if len("".join(ch for ch in left if ch.isalnum())) < 8:
            raise forms.ValidationError(_("This password is mostly the name of this site or of a community. "
                                          "Choose other words."), code="password_context")

    def get_help_text(self):
        return _("Not mostly the name of this site or of a community.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autocapitalize": "none"}),
    )


class NewPasswordMixin(forms.Form):
    new_password = forms.CharField(label=_("New password"), strip=False, max_length=settings.PASSWORD_MAX_LENGTH,
                                   help_text=_("At least 15 characters. A few unrelated words work well."),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password_again = forms.CharField(label=_("New password, again"), strip=False,
                                         widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def password_user(self):
        return None

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password"), data.get("new_password_again")
        if first and second and first != second:
            self.add_error("new_password_again", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, self.password_user())
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return data


class SignUpForm(NewPasswordMixin):
    handle = forms.CharField(
        label=_("Name to show"), max_length=40, validators=[handle_validator],
        help_text=_("A nickname is fine. Other members see it. No real name or email is needed."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    field_order = ["handle", "new_password", "new_password_again", "language"]

    def clean_handle(self):
        handle = self.cleaned_data["handle"]
        if get_user_model().objects.filter(handle__iexact=handle).exists():
            raise forms.ValidationError(_("That name is taken. Please choose another."))
        return handle


class SetPasswordForm(NewPasswordMixin):
    def __init__(self, user=None, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user


class ChangePasswordForm(SetPasswordForm):
    current_password = forms.CharField(label=_("Current password"), strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["current_password", "new_password", "new_password_again"]

    def clean_current_password(self):
        if not self.user.check_password(self.cleaned_data["current_password"]):
            raise forms.ValidationError(_("That is not your current password."))
        return self.cleaned_data["current_password"]


class ProfileForm(forms.ModelForm):
    email = forms.EmailField(label=_("Email (optional)"), required=False, max_length=254,
                             help_text=_("Only for messages you ask for. Stored encrypted."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=32,
                            help_text=_("Only organizers of your communities can see it. Stored encrypted."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    class Meta:
        model = get_user_model()
        fields = ["email", "phone", "language"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("That is not your password."))
        return self.cleaned_data["password"]
