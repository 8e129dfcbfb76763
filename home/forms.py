"""The form builder of the form pages (« Proposez un atelier », contact).

Wagtail's builder gives a multi-line answer no limit at all and cleans no
text: here every field has a limit a person writing by hand never reaches,
refused with a French message beyond it, and every text goes through
``bookings.text.clean_text`` like the booking forms.
"""

from django import forms
from wagtail.contrib.forms.forms import FormBuilder

from bookings.text import CleanTextField

SINGLELINE_MAX_LENGTH = 255
MULTILINE_MAX_LENGTH = 5000
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 2000
NUMBER_MAX_DIGITS = 12


class LimitedFormBuilder(FormBuilder):
    def create_singleline_field(self, field, options):
        return CleanTextField(max_length=SINGLELINE_MAX_LENGTH, **options)

    def create_multiline_field(self, field, options):
        return CleanTextField(
            multiline=True, max_length=MULTILINE_MAX_LENGTH, **options
        )

    def create_hidden_field(self, field, options):
        options.setdefault("widget", forms.HiddenInput)
        return CleanTextField(max_length=SINGLELINE_MAX_LENGTH, **options)

    def create_email_field(self, field, options):
        return forms.EmailField(max_length=EMAIL_MAX_LENGTH, **options)

    def create_url_field(self, field, options):
        options["max_length"] = URL_MAX_LENGTH
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        return forms.DecimalField(max_digits=NUMBER_MAX_DIGITS, **options)
