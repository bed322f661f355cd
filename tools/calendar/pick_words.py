"""The words visitors use to pick a meeting time, in English, French, Spanish, German, Portuguese.

All entries are in the parser's normal form: lower case, accents removed ("miércoles" ->
"miercoles", "amanhã" -> "amanha"). Short forms that are common words in another language are left
out on purpose ("mar", "sam", "do", "so"): a false weekday is worse than a missed one, because the
agent can always ask again.
"""

from __future__ import annotations

from typing import Literal

Part = Literal["morning", "afternoon", "evening"]

WEEKDAY_WORDS: dict[str, int] = {
    # English, with the abbreviations people type in chat.
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
    # French.
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    # Spanish (sabado and domingo are shared with Portuguese).
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
    # German.
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
    # Portuguese; "segunda-feira" etc. are matched with their optional suffix.
    "segunda": 0,
    "terca": 1,
    "quarta": 2,
    "quinta": 3,
    "sexta": 4,
}

# Days counted from today.
RELATIVE_DAY_WORDS: dict[str, int] = {
    "today": 0,
    "tdy": 0,
    "tonight": 0,
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "hoy": 0,
    "heute": 0,
    "hoje": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "tmrow": 1,
    "tomorow": 1,
    "tommorow": 1,
    "tommorrow": 1,
    "demain": 1,
    "manana": 1,
    "morgen": 1,
    "amanha": 1,
}
# Words that also name a part of the day: "tonight" is today's evening; Spanish "mañana" and German
# "morgen" mean "morning" right after a weekday or after "la" ("jueves por la mañana").
RELATIVE_DAY_PARTS: dict[str, Part] = {"tonight": "evening"}
MORNING_WHEN_QUALIFIED = frozenset({"manana", "morgen"})

# "next monday" means the first Monday after today (today never counts).
NEXT_BEFORE = ("next", "this coming", "coming", "proximo", "proxima", "nachsten", "nachster", "kommenden")
NEXT_AFTER = ("prochain", "prochaine", "que viene", "next week")

PART_WORDS: dict[str, Part] = {
    "morning": "morning",
    "mornings": "morning",
    "matin": "morning",
    "matinee": "morning",
    "vormittag": "morning",
    "vormittags": "morning",
    "morgens": "morning",
    "fruh": "morning",
    "manha": "morning",
    "afternoon": "afternoon",
    "arvo": "afternoon",
    "apres-midi": "afternoon",
    "apres midi": "afternoon",
    "aprem": "afternoon",
    "tarde": "afternoon",
    "nachmittag": "afternoon",
    "nachmittags": "afternoon",
    "evening": "evening",
    "soir": "evening",
    "soiree": "evening",
    "noche": "evening",
    "abend": "evening",
    "abends": "evening",
    "noite": "evening",
}
# Bare "am"/"pm" name a part of the day only when no number precedes them ("mon pm works").
MERIDIEM_PARTS: dict[str, Part] = {"am": "morning", "pm": "afternoon"}
# "this afternoon", "ce soir", "esta tarde": the part of today.
THIS_WORDS = ("this", "ce", "cet", "cette", "esta", "este")

NOON_WORDS = ("noon", "midday", "midi", "mediodia", "mittag", "meio-dia", "meio dia")

ORDINAL_WORDS: dict[str, int] = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "last": -1,
    "premier": 0,
    "premiere": 0,
    "deuxieme": 1,
    "seconde": 1,
    "troisieme": 2,
    "dernier": -1,
    "derniere": -1,
    "primero": 0,
    "primera": 0,
    "segundo": 1,
    "segunda": 1,
    "tercero": 2,
    "tercera": 2,
    "ultimo": -1,
    "ultima": -1,
    "erste": 0,
    "ersten": 0,
    "erster": 0,
    "zweite": 1,
    "zweiten": 1,
    "dritte": 2,
    "dritten": 2,
    "letzte": -1,
    "letzten": -1,
    "primeiro": 0,
    "primeira": 0,
    "terceiro": 2,
    "terceira": 2,
}
# An ordinal picks an offered slot when one of these nouns follows it ("the second one").
ORDINAL_NOUNS = ("one", "option", "slot", "choice", "opcion", "opcao", "creneau", "termin", "horario")
# Or when an article precedes it and nothing else follows ("the last", "la deuxième").
ORDINAL_ARTICLES = ("the", "le", "la", "el", "o", "der", "die", "das", "den")
# Portuguese "segunda" alone is Monday; only "segunda opção" is an ordinal.
ORDINALS_NEEDING_NOUN = frozenset({"segunda"})

# Named zones a visitor may add after a time; None means the visitor's own zone.
ZONE_WORDS: dict[str, str | None] = {
    "eastern": "America/New_York",
    "east coast": "America/New_York",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "new york": "America/New_York",
    "central european": "Europe/Paris",
    "central": "America/Chicago",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "chicago": "America/Chicago",
    "mountain": "America/Denver",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "denver": "America/Denver",
    "pacific": "America/Los_Angeles",
    "west coast": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "uk": "Europe/London",
    "bst": "Europe/London",
    "london": "Europe/London",
    "british": "Europe/London",
    "gmt": "UTC",
    "utc": "UTC",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "madrid": "Europe/Madrid",
    "ist": "Asia/Kolkata",
    "india": "Asia/Kolkata",
    "indian": "Asia/Kolkata",
    "sg": "Asia/Singapore",
    "sgt": "Asia/Singapore",
    "singapore": "Asia/Singapore",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "brt": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "sao paulo": "America/Sao_Paulo",
    "your time": None,
    "my time": None,
    "local time": None,
    "local": None,
}
# Zone abbreviations that are also everyday words (French "et"/"est", German "ist"): they count as
# a zone only when what follows is English or nothing ("mon 7:30 pm ist ok", but not "15h et 16h"
# or "15 uhr ist gut").
AMBIGUOUS_ZONE_WORDS = frozenset({"et", "est", "ist"})
ENGLISH_AFTER_ZONE = (
    "ok",
    "okay",
    "works",
    "work",
    "is",
    "pls",
    "please",
    "then",
    "good",
    "fine",
    "perfect",
    "great",
    "thanks",
    "thx",
    "for",
    "sounds",
    "suits",
    "if",
    "would",
    "and",
    "time",
)

# Words after a bare number that make it a time ("11 works", "thu 10 is good").
ACCEPT_WORDS = (
    "works",
    "work",
    "ok",
    "okay",
    "is good",
    "is fine",
    "is perfect",
    "is great",
    "is ok",
    "is best",
    "sounds good",
    "suits",
    "pls",
    "please",
    "por favor",
    "bitte",
    "svp",
    "perfect",
    "perfecto",
    "perfeito",
    "parfait",
    "great",
    "good",
    "fine",
)
# Words before a bare number that make it a time ("at 10", "a las 10", "um 10"). Plain "a" and
# "around" are left out: "a 10 person team", "around 12 people".
AT_WORDS = ("at", "@", "a las", "um", "vers")
# Lone words that may stand next to a bare number in a message that is only a time ("ok 11").
FILLER_WORDS = ("ok", "okay", "yes", "yep", "sure", "oui", "si", "sim", "ja", "then")
