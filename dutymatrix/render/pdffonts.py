"""Small copies of the Noto CJK faces for the PDF workers, made once per worker.

A 20 MB Noto CJK collection costs every PDF about 0.08 s per face: WeasyPrint copies the
whole file and HarfBuzz subsets 65,535 glyphs down to the few hundred the document uses.
A worker instead subsets each face it needs once (about 0.3 s with HarfBuzz) to a FIXED
character set — ASCII, Latin-1, punctuation and every character of GB2312 (simplified) or
of Big5's common level (traditional) — and registers it as ``DM Noto Serif CJK SC`` (…)
through an ``@font-face`` rule. ``document.css`` names that family first. The set does not
depend on the org, so a document's PDF is the same bytes whatever else the build renders;
a character outside it falls through to the next family in the list, the full system face.

Nothing is left on disk: the subset file lives in a temporary folder only while WeasyPrint
reads it (it keeps its own copy, removed with its FontConfiguration).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

# (private family, system family, character set) by face key; the key is what a document
# asks for (``pdf_faces``).
FACES: dict[str, tuple[str, str, str]] = {
    "serif-SC": ("DM Noto Serif CJK SC", "Noto Serif CJK SC", "gb2312"),
    "serif-TC": ("DM Noto Serif CJK TC", "Noto Serif CJK TC", "big5"),
    "sans-SC": ("DM Noto Sans CJK SC", "Noto Sans CJK SC", "gb2312"),
    "sans-TC": ("DM Noto Sans CJK TC", "Noto Sans CJK TC", "big5"),
}
WEIGHTS = ((400, 80), (700, 200))  # CSS weight, fontconfig weight: regular and bold

_LATIN_AND_PUNCTUATION = (
    (0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x2100, 0x2200), (0x2460, 0x2500),
    (0x25A0, 0x2700), (0x3000, 0x3040), (0xFF00, 0xFFF0),
)


def _double_byte(codec: str, leads: range, trails: list[int]) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode(codec))
    return chars


@cache
def character_set(name: str) -> str:
    """The fixed characters a face keeps, sorted: deterministic on every machine."""
    chars = {chr(c) for start, end in _LATIN_AND_PUNCTUATION for c in range(start, end)}
    if name == "gb2312":  # symbols (rows 1-9) and both levels of hanzi (6,763)
        chars |= _double_byte("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))
    else:  # Big5: symbols and both levels of characters (13,053)
        chars |= _double_byte("big5", range(0xA1, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return "".join(sorted(chars))


# --- HarfBuzz and fontconfig through cffi (both are WeasyPrint's own dependencies) --------

_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_set_add(hb_set_t *set, uint32_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
typedef struct _FcPattern FcPattern;
FcPattern *FcNameParse(const unsigned char *name);
int FcConfigSubstitute(void *config, FcPattern *p, int kind);
void FcDefaultSubstitute(FcPattern *pattern);
FcPattern *FcFontMatch(void *config, FcPattern *p, int *result);
int FcPatternGetString(const FcPattern *p, const char *object, int n, unsigned char **s);
int FcPatternGetInteger(const FcPattern *p, const char *object, int n, int *i);
void FcPatternDestroy(FcPattern *p);
"""


@cache
def _libraries() -> tuple[Any, Any, Any, Any] | None:
    """cffi, libharfbuzz, libharfbuzz-subset and libfontconfig; None when one is missing."""
    try:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(_CDEF)
        return (ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0"),
                ffi.dlopen("libfontconfig.so.1"))
    except (ImportError, OSError, AttributeError):
        return None


def system_face(family: str, fc_weight: int) -> tuple[str, int] | None:
    """The file and face index fontconfig gives ``family`` at ``fc_weight``; None when
    the family is not installed (fontconfig would answer with another)."""
    libs = _libraries()
    if libs is None:
        return None
    ffi, _, _, fc = libs
    pattern = fc.FcNameParse(f"{family}:weight={fc_weight}".encode())
    fc.FcConfigSubstitute(ffi.NULL, pattern, 0)  # FcMatchPattern
    fc.FcDefaultSubstitute(pattern)
    match = fc.FcFontMatch(ffi.NULL, pattern, ffi.new("int *"))
    fc.FcPatternDestroy(pattern)
    if match == ffi.NULL:
        return None
    try:
        value, index = ffi.new("unsigned char **"), ffi.new("int *")
        found = [ffi.string(value[0]).decode()
                 for n in range(16) if fc.FcPatternGetString(match, b"family", n, value) == 0]
        if family not in found or fc.FcPatternGetString(match, b"file", 0, value) != 0:
            return None
        path = os.fsdecode(ffi.string(value[0]))
        weight = ffi.new("int *")
        fc.FcPatternGetInteger(match, b"weight", 0, weight)
        if weight[0] != fc_weight:  # no bold installed: leave bold to the system face
            return None
        fc.FcPatternGetInteger(match, b"index", 0, index)
        return path, index[0]
    finally:
        fc.FcPatternDestroy(match)


def subset_face(path: str, index: int, text: str) -> bytes | None:
    """Face ``index`` of the font file ``path`` cut down to the characters of ``text``."""
    libs = _libraries()
    if libs is None:
        return None
    ffi, hb, hb_subset, _ = libs
    blob = hb.hb_blob_create_from_file_or_fail(os.fsencode(path))
    if blob == ffi.NULL:
        return None
    face = hb.hb_face_create(blob, index)
    request = hb_subset.hb_subset_input_create_or_fail()
    try:
        unicodes = hb_subset.hb_subset_input_unicode_set(request)
        for char in text:
            hb.hb_set_add(unicodes, ord(char))
        small = hb_subset.hb_subset_or_fail(face, request)
        if small == ffi.NULL:
            return None
        data = hb.hb_face_reference_blob(small)
        length = ffi.new("unsigned int *")
        content = bytes(ffi.unpack(hb.hb_blob_get_data(data, length), length[0]))
        hb.hb_blob_destroy(data)
        hb.hb_face_destroy(small)
        return content or None
    finally:
        hb_subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def font_face_sheet(key: str, font_config: Any, make_fetcher: Any) -> Any | None:
    """A parsed stylesheet of ``@font-face`` rules for face ``key`` (regular and bold),
    registered in ``font_config``; None when the face or HarfBuzz is missing (documents
    then use the system face, as before)."""
    from weasyprint import CSS

    private, family, charset = FACES[key]
    with tempfile.TemporaryDirectory(prefix="dutymatrix-fonts-") as folder:
        rules = []
        for css_weight, fc_weight in WEIGHTS:
            found = system_face(family, fc_weight)
            content = found and subset_face(*found, character_set(charset))
            if not content:
                continue
            path = Path(folder) / f"{key}-{css_weight}.otf"
            path.write_bytes(content)
            rules.append(f'@font-face {{ font-family: "{private}"; font-weight: {css_weight};'
                         f' src: url("{path.as_uri()}"); }}')
        if not rules:
            return None
        # Read while the folder exists: WeasyPrint copies each font into its own folder.
        return CSS(string="\n".join(rules), font_config=font_config,
                   url_fetcher=make_fetcher([folder]))
