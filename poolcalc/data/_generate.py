"""Generate the bundled example pool (seeded, deterministic).

Run ``python -m poolcalc.data._generate OUTDIR`` to write ``pool.toml``,
``patents.csv``, ``licensees.csv`` and ``sales.csv`` into ``OUTDIR``, and the
administration files of :mod:`poolcalc.data._generate_admin` (payments, fx,
amended report, audit) (the committed
copy lives in ``poolcalc/data/example_pool``; regenerate it with
``python -m poolcalc.data._generate poolcalc/data/example_pool --overwrite``).

The pool is synthetic but modelled on the MPEG LA AVC/H.264 programme (terms in the
References below):
25 fictional licensors, a few thousand national patents in 30 countries (families
filed 2000-2008, 20-year terms with US term adjustments and early lapses, so the
portfolio expires country by country during 2020-2029 and some countries lose their
last pooled patent before or during the 2024 sales year), about 100 licensees in
affiliated enterprises (three of which pass the US$6.5M enterprise cap), four
licensors that also license, and the calendar year 2024 of sales reports (about
10^4 rows) in 45 countries.

Schedule (``[royalty]``): AVC marginal tiers 0 / 0.20 / 0.10 per unit at 100,000 /
5,000,000 units per enterprise per year, enterprise cap US$6,500,000, royalty due
where a pooled patent is in force in the country of sale or of manufacture;
Region 2 (emerging markets, HEVC Advance practice) at 50 %; good-standing (10 %) and
early-signing (15 %, signed by 2022-12-31) discounts, the larger one applies;
``software_codec`` at 2 % of net price (min US$0.05, max US$0.25 per copy, category cap
US$200,000) and ``professional_encoder`` on whole-volume tiers (category cap
US$10,000).  Administrator fee 10 %.  Default allocation: per-country patent count.

References
----------
MPEG LA, "AVC/H.264 Patent Portfolio License Briefing", 2010; AVC terms as reported in
CD Freaks/cdrinfo.com, 19 May 2004, and TV Technology, 1 Dec 2003 (tiers and caps).
Access Advance, "Where and when is a royalty due?" (due test, Region 2 = 50 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from poolcalc.data._example_tables import (
    _ENDS_BEFORE,
    _ENDS_DURING,
    _EP_STATES,
    _KINDS,
    _PRICES,
    _STEMS,
    _SUFFIX,
    EVALUATORS,
    FACTORIES,
    FEATURES,
    FILING,
    GENERATED_WITH_NUMPY,
    GROUPS,
    JVT_MEETINGS,
    MEMBER_LICENSEES,
    MEMBERS,
    NO_PATENT_MARKETS,
    REGION2,
    SEED,
    SUBSTITUTES,
    YEAR,
)
from poolcalc.data._generate_admin import EXAMPLE_REPORTING, write_admin_files
from poolcalc.io import write_pool
from poolcalc.model import (
    AllocationConfig,
    Discounts,
    Licensee,
    Member,
    Patent,
    Pool,
    ProductRate,
    Region,
    SalesRecord,
    Schedule,
    Tier,
)

__all__ = ["GENERATED_WITH_NUMPY", "SEED", "build_example_pool", "main"]


def _date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class _Numbers:
    """Unique national patent numbers in plausible per-office formats."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, country: str, granted: dt.date, ep_number: int) -> str:
        y = granted.year
        r = self.rng
        for _ in range(1000):
            if country == "US":
                pid = f"US{6_500_000 + (y - 2003) * 210_000 + int(r.integers(0, 200_000))}B2"
            elif country == "JP":
                pid = f"JP{3_500_000 + (y - 2003) * 160_000 + int(r.integers(0, 150_000))}B2"
            elif country == "KR":
                pid = f"KR10-{400_000 + (y - 2003) * 90_000 + int(r.integers(0, 90_000)):07d}"
            elif country == "CN":
                pid = f"CN1{int(r.integers(0, 99_999_999)):08d}B"
            elif country in _EP_STATES:
                pid = f"EP{ep_number}-{country}"
            elif country == "TW":
                pid = f"TWI{int(r.integers(200_000, 600_000))}B"
            elif country == "CA":
                pid = f"CA2{int(r.integers(300_000, 800_000))}C"
            elif country == "AU":
                pid = f"AU{y - 2}{int(r.integers(200_000, 300_000))}B2"
            elif country == "BR":
                pid = f"BRPI0{int(r.integers(100_000, 999_999))}B1"
            else:
                pid = f"{country}{int(r.integers(100_000, 9_999_999))}"
            if pid not in self.used:
                self.used.add(pid)
                return pid
            if country in _EP_STATES:
                ep_number += 1
        raise RuntimeError("could not draw a unique patent number")  # pragma: no cover


def _patents(rng: np.random.Generator) -> list[Patent]:
    numbers = _Numbers(rng)
    feats = list(FEATURES)
    fprob = np.array(list(FEATURES.values()))
    fprob = fprob / fprob.sum()
    patents: list[Patent] = []
    fam_no = 0
    subst = list(SUBSTITUTES)
    for mid, _name, home, _joined, n_fam in MEMBERS:
        for _k in range(n_fam):
            fam_no += 1
            family = f"FAM{fam_no:04d}"
            # priority dates cluster around the standard's drafting (2001-2005)
            prio = dt.date(2000, 1, 1) + dt.timedelta(
                days=int(np.clip(rng.normal(4.0, 1.6), 0.0, 8.9) * 365)
            )
            first_meeting = [m for m in JVT_MEETINGS if m >= prio]
            if first_meeting:
                disclosed = first_meeting[0]
            else:
                disclosed = prio + dt.timedelta(days=int(rng.integers(30, 400)))
            u = rng.random()
            status = "essential" if u < 0.86 else ("declared" if u < 0.93 else "non_essential")
            feature, alternative = feats[int(rng.choice(len(feats), p=fprob))], None
            if subst and subst[0][0] == mid:
                _, feature, alternative = subst.pop(0)
                status = "essential"
            evaluator = (
                None if status == "declared" else EVALUATORS[int(rng.integers(0, len(EVALUATORS)))]
            )
            weight = round(float(np.exp(rng.normal(0.0, 0.45))), 2)
            ep_number = int(rng.integers(1_250_000, 1_990_000))
            countries = [c for c, p in FILING.items() if c == home or rng.random() < p]
            if "US" not in countries and rng.random() < 0.7:
                countries.append("US")
            for c in countries:
                filed = prio + dt.timedelta(days=int(rng.integers(0, 366)))
                granted = _add_years(filed, 2) + dt.timedelta(days=int(rng.integers(0, 4 * 365)))
                expires = _add_years(filed, 20)
                if c == "US":
                    expires += dt.timedelta(days=int(rng.integers(0, 2) * rng.integers(0, 900)))
                elif c not in {"JP", "KR", "CN", "DE"} and rng.random() < 0.22:
                    # renewal fees not paid: lapses on an anniversary of filing
                    lapse = int(rng.integers(max(8, granted.year - filed.year + 1), 19))
                    expires = _add_years(filed, lapse)
                if c in _ENDS_BEFORE:
                    expires = min(
                        expires, _ENDS_BEFORE[c] - dt.timedelta(days=int(rng.integers(0, 900)))
                    )
                if c in _ENDS_DURING:
                    expires = min(
                        expires, _ENDS_DURING[c] - dt.timedelta(days=int(rng.integers(0, 500)))
                    )
                if granted >= expires:
                    granted = expires - dt.timedelta(days=int(rng.integers(200, 1500)))
                st = status
                if st == "essential" and rng.random() < 0.015:
                    st = "invalid"  # revoked nationally after an opposition or nullity action
                patents.append(
                    Patent(
                        id=numbers.make(c, granted, ep_number),
                        owner=mid,
                        country=c,
                        expires=expires,
                        status=st,
                        family=family,
                        granted=granted,
                        disclosed=disclosed,
                        feature=feature,
                        alternative=alternative,
                        evaluator=evaluator,
                        weight=weight,
                    )
                )
    # make sure the last pooled patents of MY and ZA really end inside 2024
    for c, end in _ENDS_DURING.items():
        idx = [i for i, p in enumerate(patents) if p.country == c and p.status.value == "essential"]
        if idx:
            i = idx[0]
            patents[i] = Patent(**{**_fields(patents[i]), "expires": end})
    return patents


def _fields(obj: object) -> dict:
    import attrs

    return attrs.asdict(obj, recurse=False)


def _licensees(rng: np.random.Generator) -> list[tuple[Licensee, int, tuple[str, ...], str]]:
    """Licensees with (annual units of their share, products, factory country)."""
    early_by = dt.date(2022, 12, 31)
    out: list[tuple[Licensee, int, tuple[str, ...], str]] = []
    n = 0

    def signed_and_standing() -> tuple[dt.date, bool]:
        signed = _date(rng, dt.date(2021, 7, 1), dt.date(2024, 3, 31))
        if rng.random() < 0.55:
            signed = _date(rng, dt.date(2021, 7, 1), early_by)
        return signed, bool(rng.random() > 0.12)

    def add(
        name: str,
        enterprise: str | None,
        member: str | None,
        units: int,
        products: tuple[str, ...],
        factory: str,
    ) -> None:
        nonlocal n
        n += 1
        signed, good = signed_and_standing()
        lic = Licensee(
            id=f"L{n:03d}",
            name=name,
            enterprise=enterprise,
            member=member,
            signed=signed,
            good_standing=good,
        )
        out.append((lic, units, products, factory))

    for ent, companies, units, products in GROUPS:
        shares = rng.dirichlet(np.full(len(companies), 2.0))
        for (name, factory), share in zip(companies, shares, strict=True):
            add(name, ent, None, int(units * share), products, factory)
    members = {m[0]: m for m in MEMBERS}
    for mid, units, products in MEMBER_LICENSEES:
        _, name, home, _, _ = members[mid]
        add(name, None, mid, units, products, home if home != "JP" else "CN")
    # independent licensees: volumes from tiny (inside the free 100,000) to a few million
    stems = list(_STEMS)
    rng.shuffle(stems)
    n_single = 100 - len(out)
    for i in range(n_single):
        u = rng.random()
        if u < 0.62:
            products: tuple[str, ...] = ("decoder_device",)
        elif u < 0.80:
            products = ("encoder_device",)
        elif u < 0.88:
            products = ("decoder_device", "encoder_device")
        elif u < 0.95:
            products = ("software_codec",)
        else:
            products = ("professional_encoder",)
        home = str(
            rng.choice(
                [
                    "CN",
                    "TW",
                    "KR",
                    "US",
                    "JP",
                    "DE",
                    "IN",
                    "BR",
                    "PL",
                    "VN",
                    "GB",
                    "FR",
                    "IL",
                    "TH",
                    "IT",
                    "SE",
                    "CA",
                    "MX",
                ]
            )
        )
        kind = str(rng.choice(_KINDS[products[0]]))
        name = f"{stems[i % len(stems)]} {kind} {_SUFFIX.get(home, 'Ltd.')}"
        if products == ("professional_encoder",):
            units = int(rng.integers(300, 12_000))
        elif products == ("software_codec",):
            units = int(np.exp(rng.uniform(np.log(5_000), np.log(3_000_000))))
        else:
            units = int(np.exp(rng.uniform(np.log(8_000), np.log(4_500_000))))
        factory = home if home in FACTORIES else str(rng.choice(["CN", "VN", "TW", "MY", "TH"]))
        add(name, None, None, units, products, factory)
    return out


_PATENT_MARKETS = tuple(FILING)
_BIG_MARKETS = ("US", "CN", "JP", "DE", "GB", "FR", "IN", "BR", "KR", "IT", "ES", "MX", "CA", "AU")


def _sales(
    rng: np.random.Generator, licensees: list[tuple[Licensee, int, tuple[str, ...], str]]
) -> list[SalesRecord]:
    rows: list[SalesRecord] = []
    for lic, units, products, factory in licensees:
        big = units > 5_000_000
        n_markets = int(rng.integers(14, 30)) if big else int(rng.integers(2, 9))
        pool_markets = [c for c in (*_BIG_MARKETS, *_PATENT_MARKETS) if c != factory]
        markets = list(
            dict.fromkeys(
                [
                    *pool_markets[: max(1, n_markets // 2)],
                    *rng.choice(pool_markets, size=n_markets // 3, replace=False).tolist(),
                    *rng.choice(
                        NO_PATENT_MARKETS, size=max(1, n_markets // 4), replace=False
                    ).tolist(),
                ]
            )
        )
        if factory in NO_PATENT_MARKETS or factory in ("MY", "TH", "ID"):
            markets.append(factory)  # sold where it is made: maybe nothing in force at all
        channels = []
        for prod in products:
            for mk in markets:
                made = factory if prod != "software_codec" else lic_home(factory)
                channels.append((prod, mk, made))
        weights = rng.dirichlet(np.full(len(channels), 0.8))
        for (prod, mk, made), w in zip(channels, weights, strict=True):
            lo, hi = _PRICES[prod]
            base_price = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
            months = (
                range(1, 13)
                if rng.random() < 0.8
                else sorted(rng.choice(np.arange(1, 13), 6, replace=False))
            )
            per_month = units * w / len(months)
            for month in months:
                q = int(round(per_month * rng.uniform(0.7, 1.3)))
                if q <= 0:
                    continue
                day = int(rng.integers(1, 29))
                price = round(base_price * rng.uniform(0.9, 1.1), 2)
                rows.append(
                    SalesRecord(
                        licensee=lic.id,
                        date=dt.date(YEAR, int(month), day),
                        product=prod,
                        country_of_sale=mk,
                        country_of_manufacture=made,
                        units=q,
                        net_price=price,
                    )
                )
    rows.sort(key=lambda r: (r.date, r.licensee, r.product, r.country_of_sale))
    return rows


def lic_home(factory: str) -> str:
    """Where a software vendor 'manufactures' copies (its home office)."""
    return {"VN": "US", "TH": "US", "MY": "US", "ID": "US"}.get(factory, factory)


def _schedule() -> Schedule:
    return Schedule(
        due="sale_or_manufacture",
        default=ProductRate(
            basis="unit",
            tier_mode="marginal",
            tiers=[Tier(0, 0.0), Tier(100_000, 0.20), Tier(5_000_000, 0.10)],
        ),
        products={
            "software_codec": ProductRate(
                basis="price",
                tier_mode="marginal",
                tiers=[Tier(0, 0.02)],
                min_per_unit=0.05,
                max_per_unit=0.25,
                category="software",
            ),
            "professional_encoder": ProductRate(
                basis="unit",
                tier_mode="volume",
                tiers=[Tier(0, 2.50), Tier(1_000, 2.00), Tier(10_000, 1.50)],
                category="professional",
            ),
        },
        regions=[Region("region2", REGION2, 0.5)],
        discounts=Discounts(
            good_standing=0.10, early_signing=0.15, early_signing_by="2022-12-31", combine="max"
        ),
        enterprise_cap=6_500_000.0,
        category_caps={"software": 200_000.0, "professional": 10_000.0},
    )


def build_example_pool(seed: int = SEED) -> Pool:
    """Build the bundled example pool from ``seed`` (deterministic)."""
    rng = np.random.default_rng(seed)
    members = [Member(mid, name, joined) for mid, name, _home, joined, _n in MEMBERS]
    patents = _patents(rng)
    lic_rows = _licensees(rng)
    sales = _sales(rng, lic_rows)
    return Pool(
        name="Example AVC-like pool (synthetic)",
        standard="H.264/AVC",
        currency="USD",
        administrator_fee=0.10,
        members=members,
        patents=patents,
        licensees=[row[0] for row in lic_rows],
        sales=sales,
        schedule=_schedule(),
        allocation=AllocationConfig(scheme="per-country-count", unit="patent", country="sale"),
        reporting=EXAMPLE_REPORTING,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the example pool into OUTDIR."""
    parser = argparse.ArgumentParser(
        prog="python -m poolcalc.data._generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("outdir")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    pool = build_example_pool(args.seed)
    write_pool(pool, Path(args.outdir), overwrite=args.overwrite)
    write_admin_files(pool, Path(args.outdir))
    print(
        f"wrote {args.outdir}: {len(pool.members)} members, {len(pool.patents)} patents, "
        f"{len(pool.licensees)} licensees, {len(pool.sales)} sales rows",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
