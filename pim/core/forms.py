"""Form plumbing shared by the apps' list filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext


class LenientFilterForm(forms.Form):
    """A GET filter form that keeps its valid filters and reports, rather than refuses, the others.

    A public list is often reached through old or hand-edited links, so an unknown voivodeship slug
    must still show a page: the filter is ignored and the page says so.
    """

    def filters(self) -> dict[str, object]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def notices(self) -> list[tuple[str, str]]:
        """(element id, text) per ignored filter; the id is the one the field's aria-describedby names."""
        self.is_valid()
        return [
            (
                f"{self[name].auto_id}_error",
                gettext("The value “%(value)s” of the filter “%(filter)s” is not known, so the filter was ignored.")
                % {"value": self.data.get(name, ""), "filter": self.fields[name].label},
            )
            for name in self.errors
        ]
