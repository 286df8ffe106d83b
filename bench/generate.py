"""Write a synthetic world-size corpus in exactly the seed format, for benchmarks.

In:  a number of claims (e.g. 10_000, 100_000, 1_000_000) and an output directory.
Out: <out>/seeds/ (documents with their manifest and sha256, the project's real vocabularies,
     one claims file per report), <out>/migrations and <out>/sql (links to the project's), so
     that `tiplake.build.build(db, Project(<out>))` builds it with the real code, unchanged;
     and <out>/claims.csv, the same claims flattened, for the bare DuckDB baseline.

Shape, in realistic proportions: about 200 countries x 25 years; per country and year a TIP
report (most documents), sometimes a government report and now and then an embassy cable,
each a narrative of sentences stating figures, in digits or words, with currency
conversions ("150,530 manat ($88,030)"), breakdowns (a total and its parts), absences ("did not
report") and comparisons with the previous year. Government figures are relayed by the next
TIP edition (independent originators: one); about 10% of overlapping figures disagree and
about 5% of comparisons revise the earlier edition's value. Deterministic for a given size.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import string
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CLAIMS_PER_REPORT = 200
FIRST_YEAR = 2001
WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 20: "twenty", 30: "thirty", 40: "forty",
    50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety",
}  # fmt: skip
COUNT_INDICATORS = [
    ("victims_identified", "victims"),
    ("cases_investigated", "cases"),
    ("suspects_investigated", "suspects"),
    ("persons_prosecuted", "alleged traffickers"),
    ("persons_convicted", "traffickers"),
    ("victims_sheltered", "victims in shelters"),
    ("allowance_recipients", "allowance recipients"),
    ("officials_trained", "officials trained"),
    ("hotline_calls", "hotline calls"),
]
MONEY_INDICATORS = [
    ("victim_assistance_funding", "victim assistance"),
    ("ngo_funding", "NGO anti-trafficking efforts"),
    ("shelter_funding", "the state-run shelter"),
]


def in_words(n: int) -> str | None:
    if n in WORDS:
        return WORDS[n]
    tens, unit = divmod(n, 10)
    if 2 <= tens <= 9 and unit:
        return f"{WORDS[tens * 10]}-{WORDS[unit]}"
    return None


def fmt(n: int) -> str:
    return f"{n:,}"


def countries(n: int) -> list[str]:
    rng = random.Random(7)
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(rng.choice(string.ascii_uppercase) for _ in range(3)))
    return sorted(codes)


class Report:
    def __init__(self, report_id, kind, publisher, year, country, title):
        self.report_id, self.kind, self.publisher = report_id, kind, publisher
        self.year, self.country, self.title = year, country, title
        self.sentences: list[str] = []
        self.claims: list[dict] = []
        self.sums: list[dict] = []


# A claim's fields in the order of records.ClaimSeed: the canonical layout of `tiplake fmt`,
# which the files are written in (tests/test_bench.py checks it).
CLAIM_FIELDS = (
    "indicator_code", "source_id", "year", "value", "qualifier", "unit", "value_text", "sex",
    "exploitation_form", "same_amount_as", "quote", "note",
)  # fmt: skip


def claim_yaml(c: dict) -> str:
    lines = [f"  - id: {c['id']}"]
    for key in CLAIM_FIELDS:
        if c.get(key) is not None:
            lines.append(f"    {key}: {scalar(c[key])}")
    return "\n".join(lines)


def sum_yaml(s: dict) -> str:
    lines = [f"  - id: {s['id']}", f"    total: {s['total']}", f"    parts: [{', '.join(s['parts'])}]",
             f"    complete: {'true' if s['complete'] else 'false'}"]  # fmt: skip
    for key in ("evidence", "reason"):
        if s.get(key) is not None:
            lines.append(f"    {key}: {scalar(s[key])}")
    return "\n".join(lines)


def scalar(value) -> str:
    """A value as `tiplake fmt` writes it: plain where YAML reads the same text back, else a
    JSON string (a YAML double-quoted scalar). Generated texts are sentences and phrases: with
    a space inside, YAML reads a plain scalar as text unless it starts with an indicator or
    holds `: ` or ` #`; a single word only when it starts with a letter and is no YAML word."""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text == text.strip()
        and text[:1] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and (" " in text or not _resolves(text))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _resolves(word: str) -> bool:
    """Whether YAML 1.1 (PyYAML's safe loader, timestamps included, as `tiplake fmt` asks it)
    reads `word` as something other than a string."""
    return word == "" or any(
        rx.match(word) for _tag, rx in yaml.SafeLoader.yaml_implicit_resolvers.get(word[0], [])
    )


def generate(n_claims: int, out: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    n_reports = max(5, n_claims // CLAIMS_PER_REPORT)
    n_countries = max(1, min(200, n_reports // 25 or 1))
    years = max(1, min(25, n_reports // n_countries))
    codes = countries(n_countries)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "seeds" / "documents"
    for d in (docs, out / "seeds" / "claims", out / "seeds" / "vocab"):
        d.mkdir(parents=True)
    for f in sorted((REPO / "seeds" / "vocab").glob("*.yaml")):  # the real vocabularies, all
        shutil.copy(f, out / "seeds" / "vocab" / f.name)
    for name in ("migrations", "sql"):
        os.symlink(REPO / name, out / name)

    reports: list[Report] = []
    truth: dict[tuple, int] = {}  # (country, indicator, year) -> government's value
    made = 0
    for country in codes:
        for yi in range(years):
            if made >= n_claims:
                break
            year = FIRST_YEAR + yi + 1
            r = Report(f"tip-{year}-{country.lower()}", "tip_report", "U.S. Department of State",
                       year, country, f"Trafficking in Persons Report {year}: {country}")  # fmt: skip
            reports.append(r)
            if rng.random() < 0.15:
                reports.append(Report(f"gov-{country.lower()}-{year - 1}", "government_report",
                                      f"Government of {country}", year, country,
                                      f"Annual report on trafficking {year - 1}: {country}"))  # fmt: skip
            if rng.random() < 0.05:
                reports.append(Report(f"cable-{year - 1}{country.lower()}", "diplomatic_cable",
                                      f"U.S. Embassy in {country}", year, country,
                                      f"Cable {year - 1}: {country} TIP input"))  # fmt: skip
            made += CLAIMS_PER_REPORT
    rows: list[dict] = []
    for r in reports:
        fill(r, rng, truth, target=min(CLAIMS_PER_REPORT, max(1, n_claims - len(rows))))
        rows.extend(r.claims)
        if len(rows) >= n_claims:
            break
    reports = [r for r in reports if r.claims]
    write(out, reports, rows)
    return {"claims": len(rows), "reports": len(reports), "countries": n_countries, "years": years}


def fill(r: Report, rng: random.Random, truth: dict, target: int) -> None:
    """Sentences and their claims, until the report holds `target` claims."""
    gov_source = "gov_aze"  # the vocabulary's government originator, standing for each country's
    i = 0
    while len(r.claims) < target:
        i += 1
        year = r.year - 1 if rng.random() < 0.8 else r.year - 2
        kind = rng.random()
        ref = f"(paragraph {i})"
        if r.kind == "government_report":
            source = gov_source
        elif r.kind == "diplomatic_cable":
            source = "us_embassy_baku" if rng.random() < 0.5 else gov_source
        else:
            source = (
                "us_dos" if rng.random() < 0.6 else (gov_source if rng.random() < 0.7 else "media")
            )
        who = {"gov_aze": "the government reported", "us_dos": "the State Department found",
               "us_embassy_baku": "the embassy estimated", "media": "media reported"}[source]  # fmt: skip
        base_id = f"c{i}"
        if kind < 0.08:
            code, noun = rng.choice(COUNT_INDICATORS)
            text = f"In {year}, the government did not report the number of {noun} {ref}."
            r.claims.append(dict(id=base_id, indicator_code=code, source_id=gov_source, year=year,
                                 qualifier="not_reported", quote=text,
                                 value_text=f"did not report the number of {noun}"))  # fmt: skip
        elif kind < 0.18:
            code, purpose = rng.choice(MONEY_INDICATORS)
            azn = rng.randrange(5_000, 400_000)
            usd = int(azn * 0.588)
            text = (
                f"In {year}, {who} allocating {fmt(azn)} manat (${fmt(usd)}) for {purpose} {ref}."
            )
            r.claims.append(dict(id=base_id + "-azn", indicator_code=code, source_id=source,
                                 year=year, value=azn, unit="AZN", value_text=f"{fmt(azn)} manat",
                                 quote=text))  # fmt: skip
            r.claims.append(dict(id=base_id + "-usd", indicator_code=code, source_id="us_dos",
                                 year=year, value=usd, unit="USD", value_text=f"${fmt(usd)}",
                                 same_amount_as=base_id + "-azn", quote=text,
                                 note="The State Department's conversion."))  # fmt: skip
        elif kind < 0.30:
            a, b = rng.randrange(1, 90), rng.randrange(1, 30)
            total = a + b if rng.random() < 0.95 else a + b + 1  # some breakdowns do not add up
            key = (r.country, "victims_identified", year)
            text = (f"In {year}, {who} identifying {total} victims, including {a} female victims "
                    f"of sex trafficking and {b} male victims of forced labor {ref}.")  # fmt: skip
            r.claims.append(dict(id=base_id, indicator_code="victims_identified", source_id=source,
                                 year=year, value=total, value_text=f"identifying {total} victims",
                                 quote=text))  # fmt: skip
            r.claims.append(dict(id=base_id + "-f", indicator_code="victims_identified",
                                 source_id=source, year=year, value=a,
                                 value_text=f"{a} female victims", sex="female",
                                 exploitation_form="sexual", part_of=base_id, quote=text))  # fmt: skip
            r.claims.append(dict(id=base_id + "-m", indicator_code="victims_identified",
                                 source_id=source, year=year, value=b,
                                 value_text=f"{b} male victims", sex="male",
                                 exploitation_form="labour", part_of=base_id, quote=text))  # fmt: skip
            complete = total == a + b  # the 5% that do not add up are declared partial
            r.sums.append(dict(id=base_id + "-by-form", total=base_id,
                               parts=[base_id + "-f", base_id + "-m"], complete=complete,
                               evidence=text[text.index("identifying"):] if complete else None,
                               reason=None if complete else "Synthetic: the parts do not add up to the total."))  # fmt: skip
            truth.setdefault(key, total)
        else:
            code, noun = rng.choice(COUNT_INDICATORS)
            key = (r.country, code, year)
            value = truth.setdefault(key, rng.randrange(1, 500))
            if rng.random() < 0.10:
                value = value + rng.randrange(1, 9)  # disagreement or revision
            said = in_words(value) if rng.random() < 0.3 else None
            shown = said if said else fmt(value)
            previous = rng.randrange(1, 500)
            text = f"In {year}, {who} {shown} {noun} ({previous} in {year - 1}) {ref}."
            r.claims.append(dict(id=base_id, indicator_code=code, source_id=source, year=year,
                                 value=value, value_text=f"{shown} {noun}", quote=text))  # fmt: skip
            r.claims.append(dict(id=base_id + "-prev", indicator_code=code, source_id=source,
                                 year=year - 1, value=previous, value_text=f"({previous} in",
                                 quote=text))  # fmt: skip
        r.sentences.append(text)
    del r.claims[target:]
    kept = {c["id"] for c in r.claims}
    r.sums = [s for s in r.sums if s["total"] in kept and set(s["parts"]) <= kept]


def write(out: Path, reports: list[Report], rows: list[dict]) -> None:
    docs = out / "seeds" / "documents"
    manifest = ["reports:"]
    for r in reports:
        body = (
            f"{r.title}\n\n"
            + "\n".join(" ".join(r.sentences[k : k + 4]) for k in range(0, len(r.sentences), 4))
            + "\n"
        )
        path = docs / f"{r.report_id}.txt"
        path.write_text(body, encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest += [
            f"  - report_id: {r.report_id}", f"    file: {r.report_id}.txt", f"    sha256: {digest}",
            f"    title: {scalar(r.title)}", f"    kind: {r.kind}", f"    publisher: {r.publisher}",
            f"    published_year: {r.year}", f"    country_iso3: {r.country}",
            f"    citation: Synthetic document {r.report_id}.",
        ]  # fmt: skip
        claims = "\n".join(claim_yaml(c) for c in r.claims)
        sums = "".join(f"\n{sum_yaml(s)}" for s in r.sums)
        (out / "seeds" / "claims" / f"{r.report_id}.yaml").write_text(
            f"report_id: {r.report_id}\nclaims:\n{claims}\n" + (f"sums:{sums}\n" if sums else ""),
            encoding="utf-8",
        )
    (docs / "manifest.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    fields = ["claim_id", "report_id", "country_iso3", "indicator_code", "source_id", "year",
              "qualifier", "value", "unit", "sex", "exploitation_form", "part_of", "quote"]  # fmt: skip
    with open(out / "claims.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for r in reports:
            for c in r.claims:
                w.writerow([f"{r.report_id}:{c['id']}", r.report_id, r.country, c["indicator_code"],
                            c["source_id"], c.get("year"), c.get("qualifier", "exact"), c.get("value"),
                            c.get("unit"), c.get("sex", "all"), c.get("exploitation_form", "all"),
                            c.get("part_of"), c["quote"]])  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.claims, args.out))
