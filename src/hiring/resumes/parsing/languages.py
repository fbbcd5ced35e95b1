"""Spoken languages, named in English, German, French or Spanish, given their English name."""

import re

from hiring.resumes.parsing.text import unique

# English name: the names a resume may write it with (English, German, French, Spanish, own).
NAMES = {
    "English": "english englisch anglais inglés ingles",
    "German": "german deutsch allemand alemán aleman",
    "French": "french französisch franzoesisch français francais francés frances",
    "Spanish": "spanish spanisch espagnol español espanol castellano castilian",
    "Portuguese": "portuguese portugiesisch portugais portugués portugues português",
    "Italian": "italian italienisch italien italiano",
    "Dutch": "dutch niederländisch néerlandais neerlandais neerlandés holandés nederlands",
    "Polish": "polish polnisch polonais polaco polski",
    "Russian": "russian russisch russe ruso",
    "Ukrainian": "ukrainian ukrainisch ukrainien ucraniano",
    "Mandarin": "mandarin mandarín",
    "Cantonese": "cantonese kantonesisch cantonais cantonés",
    "Chinese": "chinese chinesisch chinois chino",
    "Japanese": "japanese japanisch japonais japonés",
    "Korean": "korean koreanisch coréen coreano",
    "Arabic": "arabic arabisch arabe árabe",
    "Hindi": "hindi",
    "Bengali": "bengali",
    "Urdu": "urdu",
    "Turkish": "turkish türkisch turc turco",
    "Swedish": "swedish schwedisch suédois sueco",
    "Norwegian": "norwegian norwegisch norvégien noruego",
    "Danish": "danish dänisch danois danés",
    "Finnish": "finnish finnisch finnois finlandés",
    "Greek": "greek griechisch grec griego",
    "Czech": "czech tschechisch tchèque checo",
    "Slovak": "slovak slowakisch slovaque eslovaco",
    "Hungarian": "hungarian ungarisch hongrois húngaro",
    "Romanian": "romanian rumänisch roumain rumano",
    "Bulgarian": "bulgarian bulgarisch bulgare búlgaro",
    "Serbian": "serbian serbisch serbe serbio",
    "Croatian": "croatian kroatisch croate croata",
    "Hebrew": "hebrew hebräisch hébreu hebreo",
    "Persian": "persian farsi persisch persan persa",
    "Vietnamese": "vietnamese vietnamesisch vietnamien vietnamita",
    "Thai": "thai",
    "Indonesian": "indonesian indonesisch indonésien indonesio",
    "Malay": "malay",
    "Tagalog": "tagalog filipino",
    "Catalan": "catalan katalanisch catalán català",
    "Basque": "basque baskisch vasco euskera",
    "Galician": "galician galicisch galicien gallego",
    "Swahili": "swahili",
    "Tamil": "tamil",
    "Telugu": "telugu",
    "Estonian": "estonian estnisch estonien estonio",
    "Latvian": "latvian lettisch letton letón",
    "Lithuanian": "lithuanian litauisch lituanien lituano",
    "Irish": "irish irisch irlandais irlandés gaeilge",
    "Welsh": "welsh walisisch gallois galés",
    "Icelandic": "icelandic isländisch islandais islandés",
    "Slovenian": "slovenian slowenisch slovène esloveno",
    "Albanian": "albanian albanisch albanais albanés",
    "Armenian": "armenian armenisch arménien armenio",
    "Georgian": "georgian georgisch géorgien georgiano",
    "Luxembourgish": "luxembourgish luxemburgisch luxembourgeois luxemburgués",
    "Afrikaans": "afrikaans",
    "Punjabi": "punjabi panjabi pandschabi pendjabi",
    "Gujarati": "gujarati",
    "Marathi": "marathi",
    "Yoruba": "yoruba",
    "Amharic": "amharic amharisch amharique amárico",
}
ENGLISH_NAME = {word: name for name, words in NAMES.items() for word in words.split()}
SPOKEN = re.compile(
    r"(?<!\w)(" + "|".join(sorted(ENGLISH_NAME, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
# Outside a Languages section a language counts only on a line stating how well it is spoken.
PROFICIENCY = re.compile(
    r"(?<!\w)(native|fluent|fluency|proficient|proficiency|bilingual|mother tongue|"
    r"intermediate|conversational|basic|advanced|working knowledge|languages?|[ABC][12]|"
    r"muttersprache|fließend|fliessend|verhandlungssicher|grundkenntnisse|sprachen|"
    r"langue maternelle|courant|bilingue|notions|langues|"
    r"lengua materna|nativo|nativa|fluido|avanzado|intermedio|básico|idiomas)(?!\w)",
    re.IGNORECASE,
)


def spoken(lines: list[str], section: list[str] | None) -> list[str]:
    """From a Languages section, or else lines that state a proficiency."""
    stated = section if section is not None else [s for s in lines if PROFICIENCY.search(s)]
    found = [ENGLISH_NAME[m.casefold()] for line in stated for m in SPOKEN.findall(line)]
    return unique(found)
