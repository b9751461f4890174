from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from core.forms import gds_helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus (Django's default): it skips the skip link and confuses screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            submit="Sign in",
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        min_length=6,
        max_length=6,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app",
        },
    )

    def __init__(self, *args, submit: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            inputmode="numeric", autocomplete="one-time-code", spellcheck="false"
        )
        self.helper = gds_helper(Field.text("token", field_width=5), submit=submit)

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code must be 6 digits, for example 123456")
        return token


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.helper = gds_helper(Field.text("email"), submit="Send the link")


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("new_password1"), Field.text("new_password2"), submit="Change password"
        )
