"""The full-text expression for "at least k of these", checked against every combination of
criteria met (the database tests run it as a search: tests/ranking/test_stateless.py)."""

from itertools import product

import pytest

from hiring.candidates.query import _at_least


@pytest.mark.parametrize("total", range(1, 7))
def test_at_least_k_of_n_is_met_exactly_when_k_or_more_are(total: int) -> None:
    names = [f"c{i}" for i in range(total)]
    for count in range(1, total + 1):
        tsquery = _at_least(names, count)
        expression = tsquery.replace("&", " and ").replace("|", " or ")
        for met in product([False, True], repeat=total):
            assert eval(expression, {}, dict(zip(names, met, strict=True))) == (
                sum(met) >= count
            ), (tsquery, met)
