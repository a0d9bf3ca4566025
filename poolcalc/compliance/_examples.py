"""The two example terms files, embedded so that ``poolcalc demo`` works from an install.

``examples/terms_clean.toml`` and ``examples/terms_problematic.toml`` are the same
text (a test keeps them identical).
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import LicenseTerms

__all__ = ["EXAMPLE_TERMS", "example_terms"]

CLEAN_TOML = '''\
# A clean pool licence modelled on the safeguards of the DOJ's MPEG-2 business review
# letter (26 Jun 1997) and the EU TTG 2014 para 261 safe harbour: essential patents only,
# independent evaluator, licensors free to license outside the pool, non-exclusive
# licensing-in, grant-back limited to essential patents, freedom to challenge and to
# develop competing technology, per-unit royalties, no output/channel/price terms.
# `poolcalc check examples/terms_clean.toml` gives no error-level finding.

[license]
package = "essential"                     # only patents the independent evaluator found essential
essential_only_package_offered = true
non_essential_included = false
tied = []
max_units = "none"
channels = "any"
territories = "any"
field_of_use = "any"
resale_price_min = "none"
resale_price_max = "none"
royalty_base = "unit"
royalties_until = 2027-12-31
last_patent_expiry = 2028-06-30           # first day the last listed patent is no longer in force
no_challenge = false
terminate_on_challenge = "challenged_patent"
grant_back = { scope = "essential", exclusive = false, royalty_free = false }
competing_technology_restricted = false
price_independent_of_patents_used = true  # fine for an essential-only package (DOJ DVD 3C letter)
licensed_levels = "any"                   # chipset, module and end-product makers alike
refused_licensees = []
term_start = 2018-01-01

[membership]
independent_licensing_allowed = true
exclusive_license_in = false
open_to_all_essential_holders = true
competing_technology_restricted = false
members_coordinate_prices_or_output = false

[administration]
licensee_data_shared_with_members = false
members_exchange_market_data = false

[administration.evaluator]                 # the evaluators named in the example pool's patents.csv
name = "Hartwell Patent Evaluation Ltd."
independent = true
also = ["Kessler & Moraine LLP", "Dr. A. Nakamura (independent)"]

[stack]
product_price = 400.0
pool_royalty_per_unit = 2.0
other_royalties_per_unit = 12.0
aggregate_cap = 0.10

[renewal]                                  # MPEG-2: renewal increase <= 25 %
previous_rate = 2.50
new_rate = 2.00
max_increase = 0.25
previous_renewal = 2023-01-01

[stage]                                    # seed paper: formation stage, members cross-license
phase = "formation"
member_cross_license = "royalty_free"
preferential_licensing = false
open_to_all_similarly_situated = true      # any essential-patent holder may join on these terms

[market]                                   # shares inside DOJ/FTC §4.3 and SAIC Art. 5
licensees_compete = true
members_compete_downstream = true
parties_compete = true
combined_share = 0.15
largest_party_share = 0.08
dominant = false
value_chain_levels = ["chipset", "module", "end_product"]

# Published discounts any licensee can earn are not discrimination.
[[discounts]]
name = "early signing"
fraction = 0.10
eligible = "early_signing"
published = true

[[offers]]
licensee = "L01"
class = "tv, region 1, band 2"
rate = 0.20

[[offers]]
licensee = "L02"
class = "tv, region 1, band 2"
rate = 0.20
'''

PROBLEMATIC_TOML = '''\
# A problematic pool licence: the abuse patterns the seed paper names (bundling essential
# with non-essential patents in one package, limiting licensees' output and sales
# channels) and the ones the DOJ letters, EU TTG para 261, SAIC 2015 Art. 12 and the JFTC
# guidelines warn about. `poolcalc check examples/terms_problematic.toml` exits 1.

[license]
package = "all"                            # every listed patent, evaluated essential or not
non_essential_included = true
essential_only_package_offered = false     # no essential-only option
tied = ["reference chipset", "certification service"]
max_units = 1000000                        # output cap
channels = ["retail"]                      # channel limit
territories = ["CN"]
field_of_use = ["tv"]
resale_price_min = 299.0                   # fixes licensees' product prices
royalty_base = "total_sales"               # all products, patented or not
royalties_until = 2040-12-31               # after the last patent expires
last_patent_expiry = 2030-06-30
no_challenge = true
terminate_on_challenge = "whole_license"
grant_back = { scope = "all_improvements", exclusive = true, royalty_free = true }
competing_technology_restricted = true
price_independent_of_patents_used = true   # one price whatever patents a product uses
licensed_levels = ["end_product"]          # chipset and module makers refused
refused_licensees = ["Nanhu Display Co."]
term_start = 2015-01-01

[membership]
independent_licensing_allowed = false      # members barred from licensing outside the pool
exclusive_license_in = true
open_to_all_essential_holders = false
competing_technology_restricted = true
members_coordinate_prices_or_output = true # members' own downstream prices set jointly

[administration]
evaluator = { name = "Aldermoor patent department", independent = false, affiliated_with = "M01" }
licensee_data_shared_with_members = true
members_exchange_market_data = true

[stack]
product_price = 100.0
pool_royalty_per_unit = 6.0
other_royalties_per_unit = 9.0
aggregate_cap = 0.10

[renewal]
previous_rate = 2.00
new_rate = 3.00                            # +50 %
max_increase = 0.25
previous_renewal = 2020-01-01

[stage]                                    # preferential terms for chosen partners only
phase = "industrialization"
member_cross_license = "royalty_free"
preferential_licensing = true
open_to_all_similarly_situated = false

[market]                                   # outside every market-share safe harbour
licensees_compete = true
members_compete_downstream = true
parties_compete = true
combined_share = 0.45
largest_party_share = 0.25
substitute_technologies = 1
dominant = true
value_chain_levels = ["chipset", "module", "end_product"]

[[discounts]]
name = "alliance member"
fraction = 0.50
eligible = "members"
published = false

[[offers]]
licensee = "L01"
class = "tv, region 1, band 2"
rate = 0.20

[[offers]]
licensee = "L02"
class = "tv, region 1, band 2"
rate = 0.10
'''

#: Example terms files by name.
EXAMPLE_TERMS = {"clean": CLEAN_TOML, "problematic": PROBLEMATIC_TOML}


def example_terms(kind: str = "problematic") -> LicenseTerms:
    """Return the parsed example terms: ``"clean"`` or ``"problematic"``.

    ``clean`` is modelled on the safeguards of the DOJ MPEG-2 business review letter
    (26 Jun 1997) and EU TTG 2014 para 261; ``problematic`` holds the abuse patterns
    the seed paper and DOMAIN.md section 4 name (bundling non-essential patents, output
    and channel limits, exclusive grant-back, no-challenge, total-sales royalty base,
    royalties after expiry, members barred from independent licensing, ...).

    Examples
    --------
    >>> from poolcalc.compliance import check, example_terms
    >>> check(example_terms("clean")).exit_code
    0
    >>> check(example_terms("problematic")).exit_code
    1
    """
    from poolcalc.errors import InvalidInputError
    from poolcalc.io import parse_terms

    if kind not in EXAMPLE_TERMS:
        raise InvalidInputError(f"kind must be 'clean' or 'problematic', got {kind!r}")
    return parse_terms(tomllib.loads(EXAMPLE_TERMS[kind]), source=f"terms_{kind}.toml")
