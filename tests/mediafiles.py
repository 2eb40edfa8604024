"""Small real sound and video files for tests, written byte by byte (no encoder is needed).

The MP3 is a second of silence in MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono): a
frame whose side information is all zero decodes to silence. The MP4 is an ISO base media
file (brand isom) whose one track carries those same MP3 frames (MPEG-1 audio in MP4, object
type 0x6B), with the sample tables a player needs: it plays for a second in a browser's
<video> element, though it has no picture. A `udta` box with a GPS position stands for the
metadata a camera writes.
"""

import struct

FRAME_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC0])  # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono
FRAME_LENGTH = 144 * 128000 // 44100  # 417 bytes
SAMPLES_PER_FRAME = 1152
RATE = 44100


def mp3_frames(seconds=1.0):
    count = int(seconds * RATE / SAMPLES_PER_FRAME) + 1
    return count, (FRAME_HEADER + bytes(FRAME_LENGTH - 4)) * count


def mp3_bytes(seconds=1.0, id3_title=None):
    """An MP3 of silence; with id3_title, an ID3v2 tag before it (what the door strips)."""
    _, frames = mp3_frames(seconds)
    if id3_title is None:
        return frames
    text = b"\x03" + id3_title.encode()
    frame = b"TIT2" + struct.pack(">I", len(text)) + b"\x00\x00" + text
    size = len(frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x04\x00\x00" + syncsafe + frame + frames


def box(kind, *parts):
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind, *parts, version=0, flags=0):
    return box(kind, bytes([version]) + flags.to_bytes(3, "big"), *parts)


def descriptor(tag, payload):
    return bytes([tag, len(payload)]) + payload


UNITY_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _moov(count, data_offset, gps):
    duration_ms = count * SAMPLES_PER_FRAME * 1000 // RATE
    esds = full_box(
        b"esds",
        descriptor(
            0x03,
            struct.pack(">HB", 1, 0)
            + descriptor(0x04, bytes([0x6B, 0x15]) + bytes(3) + struct.pack(">II", 128000, 128000))
            + descriptor(0x06, b"\x02"),
        ),
    )
    mp4a = box(
        b"mp4a",
        bytes(6),
        struct.pack(">H", 1),
        bytes(8),
        struct.pack(">HHHHI", 1, 16, 0, 0, RATE << 16),
        esds,
    )
    stbl = box(
        b"stbl",
        full_box(b"stsd", struct.pack(">I", 1), mp4a),
        full_box(b"stts", struct.pack(">III", 1, count, SAMPLES_PER_FRAME)),
        full_box(b"stsc", struct.pack(">IIII", 1, 1, count, 1)),
        full_box(b"stsz", struct.pack(">II", FRAME_LENGTH, count)),
        full_box(b"stco", struct.pack(">II", 1, data_offset)),
    )
    minf = box(
        b"minf",
        full_box(b"smhd", struct.pack(">HH", 0, 0)),
        box(b"dinf", full_box(b"dref", struct.pack(">I", 1), full_box(b"url ", flags=1))),
        stbl,
    )
    mdia = box(
        b"mdia",
        full_box(b"mdhd", struct.pack(">IIIIHH", 0, 0, RATE, count * SAMPLES_PER_FRAME, 0x55C4, 0)),
        full_box(b"hdlr", struct.pack(">I4s", 0, b"soun"), bytes(12), b"SoundHandler\x00"),
        minf,
    )
    tkhd = full_box(
        b"tkhd",
        struct.pack(">IIIII", 0, 0, 1, 0, duration_ms),
        bytes(8),
        struct.pack(">HHHH", 0, 0, 0x0100, 0),
        UNITY_MATRIX,
        struct.pack(">II", 0, 0),
        flags=3,
    )
    mvhd = full_box(
        b"mvhd",
        struct.pack(">IIIIIH", 0, 0, 1000, duration_ms, 0x10000, 0x0100),
        bytes(10),
        UNITY_MATRIX,
        bytes(24),
        struct.pack(">I", 2),
    )
    udta = box(b"udta", box(b"\xa9xyz", gps.encode())) if gps else b""
    return box(b"moov", mvhd, box(b"trak", tkhd, mdia), udta)


def mp4_bytes(seconds=1.0, gps="+51.5072-000.1276/"):
    count, frames = mp3_frames(seconds)
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2mp41")
    size = len(_moov(count, 0, gps))
    return ftyp + _moov(count, len(ftyp) + size + 8, gps) + box(b"mdat", frames)
