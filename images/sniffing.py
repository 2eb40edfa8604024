"""The door for sound and video: what a file is, told from its bytes, never from its name.

Accepted: MP4 and M4A (ISO base media files with a `moov` box), WebM, Ogg (Vorbis, Opus,
Theora) and MP3 (two MPEG audio frames in a row, after any ID3 tag). What a browser plays in
`<video>`/`<audio>` from our origin, nothing a page could be made of. Tags that may carry
personal data are taken out where that is a matter of bytes: MP3's ID3 tags, and MP4's `udta`
and `meta` boxes (turned into zeroed `free` boxes of the same size, so no offset moves).
"""

import struct
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ACCEPTED_TEXT = "MP4, M4A, WebM, Ogg, MP3"
AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash",
    b"MSNV", b"mmp4",
}  # fmt: skip
# MPEG audio: bitrates (kbit/s) for Layer III by version, sample rates by version.
MPEG1_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
MPEG2_BITRATES = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
SAMPLE_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "audio" or "video"
    mime: str
    extension: str


def check(name, data):
    """(Sniffed, data without its personal tags), or a ValidationError saying why not."""
    if len(data) > settings.MEDIA_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest sound or video file accepted is %(limit)s."),
            params={
                "name": name,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(settings.MEDIA_MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    for sniff in (_iso_media, _webm, _ogg, _mp3):
        if found := sniff(data):
            return found
    raise ValidationError(
        _("“%(name)s” is not a sound or video file of an accepted kind (%(formats)s)."),
        params={"name": name, "formats": ACCEPTED_TEXT},
        code="invalid_media",
    )


def _boxes(data, start, end):
    """(type, start, end) of each ISO media box in data[start:end]; None if they don't fit."""
    found, position = [], start
    while position < end:
        if end - position < 8:
            return None
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        if size == 1:
            if end - position < 16:
                return None
            size = struct.unpack(">Q", data[position + 8 : position + 16])[0]
        elif size == 0:
            size = end - position
        if size < 8 or position + size > end:
            return None
        found.append((kind, position, position + size))
        position += size
    return found


def _iso_media(data):
    if data[4:8] != b"ftyp" or (boxes := _boxes(data, 0, len(data))) is None:
        return None
    kinds = [kind for kind, _, _ in boxes]
    if kinds[0] != b"ftyp" or b"moov" not in kinds:
        return None
    brand = data[8:12]
    if brand in AUDIO_BRANDS:
        found = Sniffed("audio", "audio/mp4", "m4a")
    elif brand in VIDEO_BRANDS:
        found = Sniffed("video", "video/mp4", "mp4")
    else:
        return None
    cleaned = bytearray(data)

    def blank(start, end):
        cleaned[start + 4 : end] = b"free" + bytes(end - start - 8)

    for kind, start, end in boxes:
        if kind == b"meta":
            blank(start, end)
        if kind == b"moov":
            for inner, inner_start, inner_end in _boxes(data, start + 8, end) or []:
                if inner in (b"udta", b"meta"):
                    blank(inner_start, inner_end)
    return found, bytes(cleaned)


def _webm(data):
    if data[:4] == b"\x1a\x45\xdf\xa3" and b"\x42\x82\x84webm" in data[:64]:
        return Sniffed("video", "video/webm", "webm"), data
    return None


def _ogg(data):
    if data[:5] != b"OggS\x00" or len(data) < 28 + data[26] + 8:
        return None
    packet = data[27 + data[26] :][:8]
    if packet.startswith((b"\x01vorbis", b"OpusHead")):
        return Sniffed("audio", "audio/ogg", "ogg"), data
    if packet.startswith(b"\x80theora"):
        return Sniffed("video", "video/ogg", "ogv"), data
    return None


def _frame_length(header):
    """The length of the MPEG audio Layer III frame this 4-byte header starts, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrates = MPEG1_BITRATES if version == 3 else MPEG2_BITRATES
    rate = SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    return (144 if version == 3 else 72) * bitrates[bitrate_index] * 1000 // rate + padding


def _mp3(data):
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | (byte & 0x7F)
        start = 10 + size + (10 if data[5] & 0x10 else 0)
    first = _frame_length(data[start : start + 4])
    if first is None or _frame_length(data[start + first : start + first + 4]) is None:
        return None
    end = len(data) - 128 if data[-128:-125] == b"TAG" else len(data)
    return Sniffed("audio", "audio/mpeg", "mp3"), data[start:end]
