"""Hypothesis strategies for option inputs (explicit bounded floats)."""

from hypothesis import strategies as st

spots = st.floats(min_value=1.0, max_value=500.0)
strikes = st.floats(min_value=1.0, max_value=500.0)
maturities = st.floats(min_value=0.05, max_value=5.0)
rates = st.floats(min_value=-0.02, max_value=0.15)
vols = st.floats(min_value=0.05, max_value=1.0)
dividends = st.floats(min_value=0.0, max_value=0.15)
kinds = st.sampled_from(["call", "put"])


@st.composite
def options(draw, moneyness: float = 2.0):
    """An option whose strike lies within a factor ``moneyness`` of the spot."""
    S = draw(spots)
    K = S * draw(st.floats(min_value=1 / moneyness, max_value=moneyness))
    return dict(
        spot=S,
        strike=K,
        maturity=draw(maturities),
        rate=draw(rates),
        volatility=draw(vols),
        dividend=draw(dividends),
    )
