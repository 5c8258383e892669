"""Uploaded LP documents (founding act, rules of procedure): which files are accepted, and how big.

The check reads the file's first bytes as well as its name, so a renamed executable is refused as
firmly as a wrong extension. Files are served back only through `views.document`, with a permission check
and `Content-Disposition: attachment`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 10 * 1024 * 1024
# Extension → how the file must start: PDF's header, or a ZIP container (DOCX, ODT).
SIGNATURES = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "odt": b"PK\x03\x04"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_document(file: Any) -> None:
    # A file already in storage was checked when it was uploaded; re-reading it on every save is waste.
    if getattr(file, "_committed", False):
        return
    ext = extension(file.name or "")
    if ext not in SIGNATURES:
        raise ValidationError(_("Upload a PDF, DOCX or ODT file."), code="file_type")
    if file.size > MAX_SIZE:
        raise ValidationError(
            _("The file is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_SIZE)},
            code="file_size",
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(len(SIGNATURES[ext]))
    file.seek(position)
    if head != SIGNATURES[ext]:
        raise ValidationError(_("The file's content is not a %(type)s document.") % {"type": ext.upper()},
                              code="file_content")
