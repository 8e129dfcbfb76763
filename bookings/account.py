"""« Mon compte » in the Wagtail admin: the local a coordinator's lists open on."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from .locals import local_pages
from .models import StaffPreference
from .permissions import can_manage_bookings


class StaffPreferenceForm(forms.ModelForm):
    class Meta:
        model = StaffPreference
        fields = ["local"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["local"]
        field.queryset = local_pages()
        field.empty_label = _("Tous les locaux")


class StaffPreferencePanel(BaseSettingsPanel):
    name = "bookings_local"
    title = _("Mon local")
    order = 300
    form_class = StaffPreferenceForm

    def is_active(self):
        return can_manage_bookings(self.user)

    def get_form(self):
        instance = StaffPreference.objects.filter(user=self.user).first()
        kwargs = {
            "instance": instance or StaffPreference(user=self.user),
            "prefix": self.name,
        }
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
