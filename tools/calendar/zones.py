"""What to call a time zone, and which clock its people read.

The country of a zone comes from the IANA database itself (`zone.tab`, plus the link lines of
`tzdata.zi` so that legacy names such as `Asia/Calcutta` or `US/Eastern`, which some browsers
still report, resolve too), read from the `tzdata` package.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

# Countries whose everyday written convention is the 12-hour clock ("2:30pm"); everyone else reads
# "14:30".
TWELVE_HOUR_COUNTRIES = frozenset({"US", "CA", "AU", "NZ", "IN", "PH"})

# North Americans name their zones without the standard/daylight distinction ("ET", not "EST" in
# July), and the IANA abbreviations are only North American inside these two countries (CST is
# also China's).
_NORTH_AMERICAN = {
    "EST": "ET",
    "EDT": "ET",
    "CST": "CT",
    "CDT": "CT",
    "MST": "MT",
    "MDT": "MT",
    "PST": "PT",
    "PDT": "PT",
    "AKST": "AKT",
    "AKDT": "AKT",
    "HST": "HT",
    "AST": "AT",
    "ADT": "AT",
    "NST": "NT",
    "NDT": "NT",
}
_NORTH_AMERICAN_COUNTRIES = frozenset({"US", "CA"})

# The IANA database gives many zones only a numeric abbreviation ("+08"); these are the names
# people actually use for the common ones. Others fall back to "UTC+8".
_COMMON_NAMES = {
    "Asia/Singapore": "SGT",
    "Asia/Kuala_Lumpur": "MYT",
    "Asia/Dubai": "GST",
    "Asia/Bangkok": "ICT",
    "Asia/Ho_Chi_Minh": "ICT",
    "America/Sao_Paulo": "BRT",
    "America/Argentina/Buenos_Aires": "ART",
    "America/Bogota": "COT",
    "America/Lima": "PET",
}


@lru_cache(maxsize=1)
def _zone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(zone -> ISO country code, alias -> canonical zone) from the tzdata package."""
    root = resources.files("tzdata.zoneinfo")
    countries: dict[str, str] = {}
    for line in root.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, key, *_comment = line.split("\t")
            countries[key] = code
    links: dict[str, str] = {}
    for line in root.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    return countries, links


def canonical_key(tz: ZoneInfo) -> str:
    """The canonical IANA name of `tz` (`Asia/Calcutta` -> `Asia/Kolkata`)."""
    _, links = _zone_tables()
    return links.get(tz.key, tz.key)


def zone_country(tz: ZoneInfo) -> str | None:
    """The ISO 3166 country of `tz`, or None for zones of no country (UTC, Etc/GMT+3)."""
    countries, _ = _zone_tables()
    return countries.get(tz.key) or countries.get(canonical_key(tz))


def uses_12h_clock(tz: ZoneInfo) -> bool:
    """True where people write times as "2:30pm" (see `TWELVE_HOUR_COUNTRIES`)."""
    return zone_country(tz) in TWELVE_HOUR_COUNTRIES


def zone_label(tz: ZoneInfo, at: datetime) -> str:
    """A short name for `tz` at the instant `at`: "ET", "PT", "BST", "CEST", "IST", "SGT", "UTC+5:45"."""
    local = at.astimezone(tz)
    abbreviation = local.tzname() or ""
    if zone_country(tz) in _NORTH_AMERICAN_COUNTRIES and abbreviation in _NORTH_AMERICAN:
        return _NORTH_AMERICAN[abbreviation]
    if abbreviation and abbreviation[0] not in "+-":
        return abbreviation
    common = _COMMON_NAMES.get(canonical_key(tz))
    if common:
        return common
    return _utc_offset_label(local.utcoffset() or timedelta(0))


def _utc_offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
