"""Small LMS exports made in the tests: zips of named members, and who the documents' authors are."""

from __future__ import annotations

import io
import zipfile

ESSAY = b"An essay about the causes of the First World War, written by a student."


def make_zip(path, members):
    """A zip at ``path`` (a file name or a binary file object) holding ``members`` (name -> bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bytes(members):
    """The bytes of a zip holding ``members``."""
    buffer = io.BytesIO()
    make_zip(buffer, members)
    return buffer.getvalue()


def authors(docs):
    """Document path (inside its zip, when it comes from one) -> author."""
    return {d.path.split("/", 1)[1] if ".zip/" in d.path else d.path: d.author for d in docs}
