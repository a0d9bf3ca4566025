"""Domain model: frozen attrs value objects with validation and no algorithms.

:class:`Patent` (a national patent), :class:`Member` (licensor), :class:`Licensee`,
:class:`SalesRecord`, :class:`Schedule` with :class:`ProductRate`, :class:`Tier`,
:class:`Region` and :class:`Discounts`, :class:`AllocationConfig` and :class:`Pool`.
"""

from poolcalc._codes import COUNTRY_CODES, ISO_COUNTRIES
from poolcalc.model._admin import AdministrationPolicy, Administrator
from poolcalc.model._eligibility import Deadline, Eligibility
from poolcalc.model._enums import (
    Basis,
    ChainLevel,
    CountRule,
    CountUnit,
    DiscountCombination,
    DueRule,
    PatentStatus,
    Stage,
    TierMode,
    WaiverRule,
)
from poolcalc.model._licensees import LicenseeTable
from poolcalc.model._metrics import MetricRecord, MetricTerms, MetricTier
from poolcalc.model._named import NamedDiscount
from poolcalc.model._parties import Licensee, SalesRecord
from poolcalc.model._patent import Member, Patent
from poolcalc.model._pool import AllocationConfig, Pool, check_pool
from poolcalc.model._reporting import ReportingTerms
from poolcalc.model._rows import PatentRows, SalesRows, patent_table, sales_table
from poolcalc.model._schedule import Discounts, ProductRate, RateChange, Region, Schedule, Tier
from poolcalc.model._terms import (  # licence terms for compliance checks
    Administration,
    ChallengeTermination,
    DiscountOffer,
    Evaluator,
    GrantBack,
    GrantBackScope,
    LicenseOffer,
    LicenseTerms,
    Market,
    MemberCrossLicense,
    Membership,
    Offer,
    Renewal,
    RoyaltyBase,
    Stack,
    StageTerms,
)
from poolcalc.model._usage import SubscriptionTier, UsageKind, UsageRecord, UsageTerms

__all__ = [
    "ReportingTerms",
    "COUNTRY_CODES",
    "AdministrationPolicy",
    "Administrator",
    "ISO_COUNTRIES",
    "AllocationConfig",
    "Basis",
    "ChainLevel",
    "CountRule",
    "CountUnit",
    "Deadline",
    "DiscountCombination",
    "Discounts",
    "DueRule",
    "Eligibility",
    "Licensee",
    "LicenseeTable",
    "Member",
    "NamedDiscount",
    "Patent",
    "PatentRows",
    "PatentStatus",
    "Pool",
    "ProductRate",
    "RateChange",
    "Region",
    "SalesRecord",
    "SalesRows",
    "Schedule",
    "Tier",
    "TierMode",
    "WaiverRule",
    "check_pool",
    "patent_table",
    "sales_table",
    # content (usage) royalties
    "SubscriptionTier", "UsageKind", "UsageRecord", "UsageTerms",
    # tiers by the highest of several metrics (Access Advance VDP)
    "MetricRecord", "MetricTerms", "MetricTier",
    # licence terms (compliance)
    "Administration", "ChallengeTermination", "DiscountOffer", "Evaluator", "GrantBack",
    "GrantBackScope", "LicenseOffer", "LicenseTerms", "Market", "MemberCrossLicense",
    "Membership", "Offer", "Renewal", "RoyaltyBase", "Stack", "Stage", "StageTerms",
]
