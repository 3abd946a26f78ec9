"""Telling Vietnamese from English when the importer is not told.

Vietnamese writes nearly every syllable with a mark (ă â đ ê ô ơ ư and five
tones), English almost never does; a few place names (Sa Pa, Tân Uyên) in an
English article stay far below the threshold.  Unmarked Vietnamese (old
telegraph style) falls back to counting the commonest function words.
"""

from __future__ import annotations

import re
import unicodedata

from ..models import Locale

_VI_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)
_VI_WORDS = {"và", "của", "các", "là", "có", "những", "được", "cho", "trong", "với", "không",
             "người", "va", "cua", "cac", "la", "co", "nhung", "duoc", "voi", "khong"}
_EN_WORDS = {"the", "and", "of", "to", "in", "is", "for", "with", "that", "on", "was", "are"}
_WORD = re.compile(r"\w+")


def detect_language(text: str) -> Locale:
    text = unicodedata.normalize("NFC", text[:3000]).lower()  # a few paragraphs tell
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "vi"
    marked = sum(ch in _VI_LETTERS for ch in letters) / len(letters)
    words = _WORD.findall(text)
    vi = sum(w in _VI_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if en >= 2 * vi + 2 and marked < 0.15:  # English naming Vietnamese places
        return "en"
    if vi >= 2 * en + 2:
        return "vi"
    return "vi" if marked > 0.05 else "en"
