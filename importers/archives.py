"""Office files that are zip archives (.xlsx, .docx): refused before they are read when they
would inflate without bound (zip bombs) or declare XML entities (a "billion laughs")."""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from importers.errors import SourceError

_UNREADABLE = (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError)
# A DTD stands in the prolog, before the first element; no office program writes one.
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_PROLOG_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an .xlsx (a zip archive) may inflate, checked on the sizes its directory declares.

    The declared sizes can be trusted: Python's zipfile never inflates a member past its
    declared size (it stops there and fails the CRC check), so checking them refuses a zip
    bomb before a byte of it is inflated.
    """

    max_uncompressed_bytes: int = 200 * 1024 * 1024
    # Deflate reaches about 1030:1 on a run of one repeated text, which is what bombs are made
    # of; a real sheet's XML, repetitive as it is, inflates 10–50 times (15–20 measured on
    # sheets of 50,000 similar rows or of styled empty cells). 200 leaves real files four times
    # the room they use and still refuses a bomb well under the size limit.
    max_ratio: int = 200
    # A member this small costs little to read whatever its ratio, so only larger ones are
    # held to the ratio.
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = ArchiveLimits()


def check_archive(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS, kind: str = "a readable .xlsx workbook") -> None:
    """Refuse an archive whose members would inflate past `limits`, reading only its directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except _UNREADABLE as error:
        raise SourceError(path.name, f"not {kind} ({error.__class__.__name__})") from None
    for member in members:
        if member.file_size > limits.max_uncompressed_bytes:
            size, limit = _size(member.file_size), _size(limits.max_uncompressed_bytes)
            raise SourceError(path.name, f"{_one_line(member.filename)} inflates to {size}, over the {limit} limit")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise SourceError(
                path.name,
                f"{_one_line(member.filename)} inflates {ratio:,.0f} times its packed size, "
                f"over the limit of {limits.max_ratio} times (a zip bomb)",
            )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        size, limit = _size(total), _size(limits.max_uncompressed_bytes)
        raise SourceError(path.name, f"the {kind.split()[-1]} inflates to {size} in all, over the {limit} limit")


def _size(count: int) -> str:
    """Bytes as a person reads them: 203,455 bytes, 200 MiB, 1,100.5 MiB."""
    if count < 2**20:
        return f"{count:,} bytes"
    return f"{count / 2**20:,.1f} MiB".replace(".0 MiB", " MiB")


def refuse_declared_entities(path: Path, kind: str) -> None:
    """Refuse an archive whose XML declares entities or a DTD: entity declarations can expand a
    few bytes into gigabytes (a "billion laughs"), and no office program writes them. Each XML
    member is read up to its first element only."""
    try:
        with zipfile.ZipFile(path) as archive:
            declaring = [
                m.filename
                for m in archive.infolist()
                if m.filename.endswith((".xml", ".rels")) and _declares_entities(archive, m)
            ]
    except _UNREADABLE as error:
        raise SourceError(path.name, f"the {kind} is damaged or truncated ({error.__class__.__name__})") from None
    for name in declaring[:1]:
        raise SourceError(path.name, f"the {kind}'s XML declares entities or a DTD, refused ({_one_line(name)})")


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    seen = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_PROLOG_CHUNK):
            seen = seen[-16:] + chunk  # a declaration may straddle two chunks
            element = _FIRST_ELEMENT.search(seen)
            if _DECLARATION.search(seen, 0, element.start() if element else len(seen)):
                return True
            if element:
                return False
    return False


def _one_line(text: object) -> str:
    # Member names and the parser's messages quote the file's own text, which may hold line breaks.
    return " ".join(str(text).split())
