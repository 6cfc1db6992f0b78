"""Fee tiers worked by hand from 国办函〔2020〕109号 Arts. 4–5 (docs/rules.md §3)."""

import pytest

from applications.fees import item_price, month_total, per_item_fee, per_page_fee


@pytest.mark.parametrize(
    ("items", "total"),
    [
        (0, 0),
        (10, 0),  # 1–10 free
        (11, 100),  # the 11th costs ¥100
        (30, 2000),  # 20 × 100
        (31, 2200),  # 2000 + the 31st at ¥200
        (35, 3000),  # 2000 + 5 × 200 (docs/rules.md §3's example)
        (40, 4000),  # 2000 + 10 × 200
        (41, 4300),  # 4000 + the 41st at ¥300
        (50, 7000),  # 4000 + 10 × 300
        (51, 7400),  # 7000 + the 51st at ¥400
    ],
)
def test_per_item_month_totals(items, total):
    assert month_total(items) == total


@pytest.mark.parametrize(
    ("n", "price"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)]
)
def test_price_of_the_nth_item(n, price):
    assert item_price(n) == price


def test_one_request_pays_for_its_own_place_in_the_month():
    # the applicant's 12th request of the month, split into 3 items (一事一申请): items 12, 13, 14
    assert per_item_fee(earlier_in_month=11, items=3) == 300
    # a request straddling a band: items 29..32 → 100 + 100 + 200 + 200
    assert per_item_fee(earlier_in_month=28, items=4) == 600
    assert per_item_fee(earlier_in_month=0, items=10) == 0


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_page_fee(pages, fee):
    assert per_page_fee(pages) == fee


@pytest.mark.parametrize(
    "call", [lambda: item_price(0), lambda: per_page_fee(-1), lambda: per_item_fee(earlier_in_month=0, items=0)]
)
def test_nonsense_counts_are_refused(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    ("earlier", "items", "fee", "why"),
    [
        (10, None, 100, "one item by default: the 11th of the month"),
        (9, None, 0, "one item by default: the 10th, still free"),
        (10, 1, 100, "a single item"),
        (0, 1, 0, "the month's first item"),
    ],
)
def test_a_request_is_one_item_unless_split(earlier, items, fee, why):
    kwargs = {} if items is None else {"items": items}
    assert per_item_fee(earlier_in_month=earlier, **kwargs) == fee, why


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: item_price(0), "items are counted from 1"),
        (lambda: per_page_fee(-1), "pages cannot be negative"),
        (lambda: per_item_fee(earlier_in_month=-1, items=1), "counts must be positive"),
        (lambda: per_item_fee(earlier_in_month=0, items=0), "counts must be positive"),
    ],
)
def test_impossible_counts_are_refused_with_their_reason(call, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        call()
