"""Which files an event accepts as attachments: documents and images, checked by extension, content and size."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_SIZE = 10 * 1024 * 1024

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"  # legacy .doc/.xls/.ppt

# Extension → (content type, accepted leading bytes). Text formats have no signature: they must decode as
# UTF-8 instead, which keeps binaries (and executables) renamed to .txt out.
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".odp": ("application/vnd.oasis.opendocument.presentation", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (OLE,)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED))


def validate_upload(file: UploadedFile) -> str:
    """The file's content type, or a ValidationError on `file` saying what is wrong with it."""
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            {"file": _("Files of this type are not accepted. Accepted: %(types)s.") % {"types": allowed_extensions()}}
        )
    if file.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if file.size > MAX_SIZE:
        raise ValidationError(
            {"file": _("The file is too large (%(size)s); the limit is %(limit)s.")
             % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_SIZE)}}
        )
    content_type, signatures = ALLOWED[extension]
    file.seek(0)
    head = file.read(2048 if signatures is None else 8)
    file.seek(0)
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is not an error.
            if error.start < len(head) - 3:
                raise ValidationError({"file": _("The file's content does not match its type.")}) from None
    elif not head.startswith(signatures):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return content_type
