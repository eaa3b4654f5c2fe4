"""The TERYT TERC register of Polish gminas, shipped with the app (see data/PROVENANCE.md).

Read once per process; 2 477 gminas and the 18 Warsaw districts are the selectable units.
"""
import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kooperacje.domain import MunicipalityKind
from kooperacje.text import fold

DATA = Path(__file__).resolve().parent.parent / "data"
TERC_FILE = DATA / "teryt-terc-2024-01-01-poland.csv"
POPULATION_FILE = DATA / "gminy-population-2024.csv"
REGISTER_DATE = "2024-01-01"

KIND_BY_RODZ = {
    "1": MunicipalityKind.URBAN,
    "2": MunicipalityKind.RURAL,
    "3": MunicipalityKind.URBAN_RURAL,
    "8": MunicipalityKind.WARSAW_DISTRICT,
}
CITY_COUNTY_LABELS = ("miasto na prawach powiatu", "miasto stołeczne, na prawach powiatu")


@dataclass(frozen=True)
class TerytUnit:
    teryt6: str
    teryt7: str
    name: str
    kind: str
    voivodeship_code: str
    voivodeship: str
    powiat: str
    is_city_county: bool
    search_key: str


@dataclass(frozen=True)
class ShippedPopulation:
    population: int
    year: int
    source: str = "GUS, Bank Danych Lokalnych (dane dostarczone z aplikacją, zob. data/PROVENANCE.md)"


@lru_cache(maxsize=1)
def register():
    """Selectable units keyed by teryt6, in register order."""
    voivodeships, powiats, units = {}, {}, {}
    with TERC_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            woj, pow_, gmi, rodz = row["WOJ"], row["POW"], row["GMI"], row["RODZ"]
            if not pow_:
                voivodeships[woj] = row["NAZWA"].lower()
            elif not gmi:
                powiats[woj + pow_] = (row["NAZWA"], row["NAZWA_DOD"] in CITY_COUNTY_LABELS)
            elif rodz in KIND_BY_RODZ:
                powiat_name, city_county = powiats[woj + pow_]
                units[woj + pow_ + gmi] = TerytUnit(
                    teryt6=woj + pow_ + gmi,
                    teryt7=woj + pow_ + gmi + rodz,
                    name=row["NAZWA"],
                    kind=KIND_BY_RODZ[rodz],
                    voivodeship_code=woj,
                    voivodeship=voivodeships[woj],
                    powiat=powiat_name,
                    is_city_county=city_county,
                    search_key=fold(row["NAZWA"]),
                )
    return units


@lru_cache(maxsize=1)
def voivodeships():
    """(code, name) pairs sorted by name."""
    names = {u.voivodeship_code: u.voivodeship for u in register().values()}
    return sorted(names.items(), key=lambda item: fold(item[1]))


def gminas():
    """The 2 477 gminas proper (without the Warsaw districts)."""
    return [u for u in register().values() if u.kind != MunicipalityKind.WARSAW_DISTRICT]


def find(teryt6):
    return register().get(teryt6)


def search(query, voivodeship_code=None, limit=50):
    """Units whose name starts with (then contains) the folded query, optionally in one voivodeship."""
    needle = fold(query.strip())
    units = [u for u in register().values() if not voivodeship_code or u.voivodeship_code == voivodeship_code]
    if not needle:
        return units[:limit] if voivodeship_code else []
    starts = [u for u in units if u.search_key.startswith(needle)]
    contains = [u for u in units if needle in u.search_key and not u.search_key.startswith(needle)]
    ranked = sorted(starts, key=lambda u: (u.search_key, u.teryt6)) + contains
    return ranked[:limit]


@lru_cache(maxsize=1)
def shipped_populations():
    """Populations the app ships (the 18 urban gminas of Łódź voivodeship), by teryt7."""
    with POPULATION_FILE.open(encoding="utf-8") as handle:
        return {
            row["teryt7"]: ShippedPopulation(int(row["population"]), int(row["year"]))
            for row in csv.DictReader(handle, delimiter=";")
        }
