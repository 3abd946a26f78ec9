"""A small MPEG audio frame-header walker for tests: is this file a well-formed MP3
stream, and how long does it play?  (Our own: every frame header is checked, which
is stricter than "a decoder did not complain".)"""

from __future__ import annotations

from dataclasses import dataclass

BITRATES = {  # kbit/s by (MPEG-1?, index) for layer III
    True: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    False: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class Stream:
    frames: int
    seconds: float
    sample_rate: int
    bitrates: frozenset[int]
    channels: int


def walk(data: bytes) -> Stream:
    """Every byte must belong to a valid layer III frame (an ID3v2 tag at the start is skipped)."""
    pos = 0
    if data[:3] == b"ID3":
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        pos = 10 + size
    frames, seconds, rates, channels, sample_rate = 0, 0.0, set(), set(), 0
    while pos < len(data):
        header = data[pos:pos + 4]
        if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
            raise ValueError(f"no frame sync at byte {pos}")
        version = (header[1] >> 3) & 3
        layer = (header[1] >> 1) & 3
        if version == 1 or layer != 1:
            raise ValueError(f"not MPEG layer III at byte {pos}")
        bitrate_index = header[2] >> 4
        rate_index = (header[2] >> 2) & 3
        if bitrate_index in (0, 15) or rate_index == 3:
            raise ValueError(f"bad bit rate or sample rate at byte {pos}")
        mpeg1 = version == 3
        kbps = BITRATES[mpeg1][bitrate_index]
        sample_rate = SAMPLE_RATES[version][rate_index]
        padding = (header[2] >> 1) & 1
        samples = 1152 if mpeg1 else 576
        length = (samples // 8 * kbps * 1000) // sample_rate + padding
        if pos + length > len(data):
            raise ValueError(f"truncated frame at byte {pos}")
        channels.add(1 if header[3] >> 6 == 3 else 2)
        rates.add(kbps)
        frames += 1
        seconds += samples / sample_rate
        pos += length
    if not frames:
        raise ValueError("no frames")
    return Stream(frames, seconds, sample_rate, frozenset(rates), max(channels))
