"""Text encodings: decoding a file's bytes to text (BOM, UTF-8, a declared charset, the two
Cyrillic code pages cp1251 and KOI8-U, else charset-normalizer's detection).

Pure functions over bytes; errors are :class:`TextDecodeError` with a human-readable reason
(``articles.decode_bytes`` turns them into an ``ArticleError`` naming the file).
"""

from __future__ import annotations

import re

import charset_normalizer

SHORT_INPUT_BYTES = 64  # below this, all-Cyrillic cp1251 wins whatever its letter case

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
# Encodings seen on the web today: among charset-normalizer's candidates these win over
# DOS and Mac code pages (it reads repetitive cp1252 text as mac_latin2, for instance).
_WEB_ENCODINGS = frozenset(
    [f"cp{n}" for n in range(1250, 1259)]
    + [f"iso8859_{n}" for n in (1, 2, 4, 5, 7, 9, 13, 15, 16)]
    + ["latin_1", "koi8_r", "koi8_u", "gb18030", "gb2312", "gbk", "big5", "shift_jis"]
    + ["cp932", "euc_jp", "euc_kr", "cp949", "utf_16", "utf_32", "ascii"]
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class TextDecodeError(Exception):
    """Bytes that are not usable text: empty, binary, or in no encoding that fits."""


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4096 bytes."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _cyrillic_reading(sample: bytes, codec: str) -> tuple[float, float] | None:
    """Scores of ``sample`` decoded with ``codec`` if it is mostly Cyrillic letters: the
    share of non-ASCII characters that are letters, and of Cyrillic letters in lower case."""
    text = sample.decode(codec, errors="replace")
    if "\ufffd" in text:
        return None
    letters = [c for c in text if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if not cyrillic or len(cyrillic) < 0.6 * len(letters):
        return None
    high = [c for c in text if ord(c) > 127]
    letter_share = round(sum(c.isalpha() for c in high) / len(high), 2)
    return letter_share, sum(c.islower() for c in cyrillic) / len(cyrillic)


def _cyrillic_codec(data: bytes) -> str | None:
    """ "cp1251" or "koi8_u" if ``data`` (its first 64 KiB) reads as Cyrillic in either. The
    reading with more letters (then more lower case, as in running text) wins: KOI8 read
    as cp1251 comes out in inverted case. Very short input (a headline, a name) prefers
    cp1251 whatever its case, since there is too little text to judge."""
    sample = data[:65536]
    cp1251, koi8 = _cyrillic_reading(sample, "cp1251"), _cyrillic_reading(sample, "koi8_u")
    if cp1251 and ((len(data) < SHORT_INPUT_BYTES and cp1251[0] == 1.0) or koi8 is None):
        return "cp1251"
    if cp1251 is None or koi8 is None:
        return "koi8_u" if koi8 else None
    return "cp1251" if cp1251 >= koi8 else "koi8_u"


def _check_text(text: str) -> str:
    if not text.strip():
        raise TextDecodeError("empty file (no text)")
    return text


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text: a BOM, else UTF-8, else ``declared`` (e.g. an HTML meta
    charset), else a detected encoding. Raises :class:`TextDecodeError` for empty or binary
    input, or when no encoding fits."""
    if not data.strip():
        raise TextDecodeError("empty file (no text)")
    for codec, bom in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec).lstrip("\ufeff"))
            except UnicodeDecodeError as exc:
                raise TextDecodeError(f"invalid {codec} text: {exc.reason}") from None
    head = data[:65536]
    if b"\x00" in head or sum(map(head.count, _CONTROL_BYTES)) > 0.05 * len(head):
        raise TextDecodeError("binary file (not text); skipped")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _check_text(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    # charset-normalizer misreads short cp1251 text ("Київ" as Big5) and KOI8-U as KOI8-R,
    # so the two Cyrillic code pages are judged first; it decides everything else.
    codec = _cyrillic_codec(data)
    if codec is not None:
        return _check_text(data.decode(codec, errors="replace"))
    matches = list(charset_normalizer.from_bytes(data))
    common = [m for m in matches if m.encoding in _WEB_ENCODINGS]
    if common or matches:
        return _check_text(str((common or matches)[0]))
    raise TextDecodeError("not UTF-8 and no other text encoding fits; skipped")
