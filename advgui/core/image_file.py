"""Opening an image file: only the formats advgui promises, with work bounded by its size.

``decode(path)`` returns the file's first frame, loaded and upright, in whatever mode
the file has; ``reading(name)`` turns anything that goes wrong inside it into one
ImageLoadError line. The limits, each checked before the pixels are decoded:

- the format must be one of ``formats.READ_FORMATS``: Pillow tries no other, so an EPS
  or PDF renamed ``.png`` never reaches Ghostscript;
- at most ``MAX_PIXELS`` pixels (Pillow's own decompression-bomb limit, 89.5 Mpx);
- a JPEG has at most ``MAX_JPEG_SCANS`` scans (each is a pass over the whole image), and
  holds at least the data its declared size needs (``jpeg_check``).

Other formats' decoders refuse data that ends before the declared pixels do, within the
first rows. Messages that native decoders print (libtiff, libjpeg) are caught and, when
decoding fails, folded into the one line.
"""

from __future__ import annotations

import mmap
import stat
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from advgui.core import jpeg_check
from advgui.core.capture import native_stderr
from advgui.core.errors import QT_TRANSLATE_NOOP, ImageLoadError, os_reason, shown
from advgui.core.formats import READ_FORMATS, READ_FORMATS_TEXT

#: Largest image accepted, in pixels (Pillow's default ``Image.MAX_IMAGE_PIXELS``).
MAX_PIXELS = 89_478_485
#: Most scans accepted in a JPEG. Encoders write 1 (baseline) to about 10-20
#: (progressive); each costs a pass over the image, about 7 ms per 64 Mpx.
MAX_JPEG_SCANS = 100

#: Formats refused by name, told by their first bytes, so that the message says what
#: the file is (it often has an image's name): one whole sentence each, to translate.
_FOREIGN = (
    (
        b"%!PS",
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name}: a PostScript/EPS file, not a supported image format (advgui reads {formats})",
        ),
    ),
    (
        b"\xc5\xd0\xd3\xc6",
        QT_TRANSLATE_NOOP(
            "Errors", "{name}: an EPS file, not a supported image format (advgui reads {formats})"
        ),
    ),
    (
        b"%PDF",
        QT_TRANSLATE_NOOP(
            "Errors", "{name}: a PDF file, not a supported image format (advgui reads {formats})"
        ),
    ),
    (
        b"SIMPLE  =",
        QT_TRANSLATE_NOOP(
            "Errors", "{name}: a FITS file, not a supported image format (advgui reads {formats})"
        ),
    ),
    (
        b"\x1f\x8b",
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name}: a gzip-compressed file, not a supported image format (advgui reads {formats})",
        ),
    ),
    (
        b"\x00\x00\x00\x0cjP  ",
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name}: a JPEG 2000 file, not a supported image format (advgui reads {formats})",
        ),
    ),
    (
        b"\xff\x4f\xff\x51",
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name}: a JPEG 2000 file, not a supported image format (advgui reads {formats})",
        ),
    ),
    (
        b"8BPS",
        QT_TRANSLATE_NOOP(
            "Errors",
            "{name}: a Photoshop (PSD) file, not a supported image format (advgui reads {formats})",
        ),
    ),
)
_NOT_AN_IMAGE = QT_TRANSLATE_NOOP(
    "Errors", "{name}: not an image, or not a supported image format (advgui reads {formats})"
)
#: Exceptions Pillow's decoders raise for files they cannot read.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    KeyError,
    struct.error,
    ZeroDivisionError,
    OverflowError,
)


_CANNOT_OPEN = QT_TRANSLATE_NOOP("Errors", "{name}: cannot open it")


def display_name(path: Path) -> str:
    """The file's name as messages show it: over-long names are shortened in the middle."""
    return shown(path.name or str(path), 80)


@contextmanager
def reading(name: str) -> Iterator[None]:
    """Run the block as one image read: any failure becomes ImageLoadError (one line,
    naming ``name``); what native code prints meanwhile is caught, and folded into the
    message when decoding fails."""
    printed = None
    try:
        with native_stderr() as printed, warnings.catch_warnings():
            # Pillow warns about damaged metadata it skips; the image loads or fails.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageLoadError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "{name}: too many pixels (refused as a decompression bomb)"
            ),
            name=name,
        ) from None
    except MemoryError:
        raise ImageLoadError.of(
            QT_TRANSLATE_NOOP("Errors", "{name}: not enough memory to decode this image"),
            name=name,
        ) from None
    except _DECODE_ERRORS as exc:
        detail = _first_line(exc)
        native = printed.first() if printed is not None else ""
        if native and native not in detail:
            detail = f"{detail}: {native}" if detail else native
        if "truncat" in detail.lower():
            template = QT_TRANSLATE_NOOP("Errors", "{name}: truncated or damaged image")
        else:
            template = QT_TRANSLATE_NOOP("Errors", "{name}: cannot read image")
        raise ImageLoadError.of(template, name=name, detail=detail[:160]) from None


def decode(path: Path) -> Image.Image:
    """The first frame of the image file at ``path``, loaded and turned upright (EXIF
    orientation applied), in the file's own mode. Call inside ``reading``."""
    name = display_name(path)
    check_file(path)
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    # Our own file object: the image's pixels outlive it, and closing it closes no image.
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise ImageLoadError.of(_CANNOT_OPEN, name=name, detail=os_reason(exc)) from None
    with f:
        try:
            im = Image.open(f, formats=READ_FORMATS)
        except UnidentifiedImageError:
            raise ImageLoadError.of(_unsupported(f), name=name, formats=READ_FORMATS_TEXT) from None
        w, h = im.size
        if w * h > MAX_PIXELS:
            raise ImageLoadError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "{name}: {width}x{height} pixels is too large (limit {limit} Mpx)"
                ),
                name=name,
                width=w,
                height=h,
                limit=MAX_PIXELS // 1_000_000,
            )
        if im.format in ("JPEG", "MPO"):
            _check_jpeg(f, name, w, h)
        im.seek(0)
        im.load()
    ImageOps.exif_transpose(im, in_place=True)
    return im


def check_file(path: Path) -> None:
    """Refuse (ImageLoadError) what cannot be an image file: a missing or empty file, a
    folder, a pipe or device (reading one could wait forever), a path that cannot be
    opened. Cheap: the file is not read."""
    name = display_name(path)
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ImageLoadError.of(
            QT_TRANSLATE_NOOP("Errors", "{name}: no such file"), name=name
        ) from None
    except OSError as exc:
        raise ImageLoadError.of(_CANNOT_OPEN, name=name, detail=os_reason(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ImageLoadError.of(QT_TRANSLATE_NOOP("Errors", "{name}: not a file"), name=name)
    if st.st_size == 0:
        raise ImageLoadError.of(QT_TRANSLATE_NOOP("Errors", "{name}: the file is empty"), name=name)


def _check_jpeg(f, name: str, w: int, h: int) -> None:
    try:
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            info = jpeg_check.inspect(data)
    except (OSError, ValueError):  # a file system that cannot map files
        f.seek(0)
        info = jpeg_check.inspect(f.read())
    if info.scans > MAX_JPEG_SCANS:
        raise ImageLoadError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{name}: a JPEG with {scans} scans (at most {most}); "
                "refused, as decoding it would take a pass over the image per scan",
            ),
            name=name,
            scans=info.scans,
            most=MAX_JPEG_SCANS,
        )
    if info.short_of_data:
        raise ImageLoadError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{name}: truncated or damaged image (its header declares {width}x{height} "
                "pixels, but it holds data for far fewer: {size} bytes)",
            ),
            name=name,
            width=w,
            height=h,
            size=info.data_bytes,
        )


def _unsupported(f) -> str:
    """The sentence (a template of ``name`` and ``formats``) for a file Pillow does not
    recognise: what it is, when its first bytes tell."""
    f.seek(0)
    head = f.read(16)
    return next((t for magic, t in _FOREIGN if head.startswith(magic)), _NOT_AN_IMAGE)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else ""
