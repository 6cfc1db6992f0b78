"""信息处理费 (国办函〔2020〕109号, docs/rules.md §3): pure arithmetic, in whole yuan.

Both methods are 超额累进 (each band charges only the part inside it), and a request uses one
method only (Art. 3). No exemption class is coded (docs/rules.md Decision 10).
"""

FREE_ITEMS_PER_MONTH = 10
ITEM_BAND_START = 31  # from the 31st item on, every 10 items add ¥100 to the unit price
ITEM_BAND_SIZE = 10
FREE_PAGES = 30  # per request, 按量计收
# (first page of the band, last page or None, yuan per page)
PAGE_BANDS = [(FREE_PAGES + 1, 100, 10), (101, 200, 20), (201, None, 40)]


def item_price(n: int) -> int:
    """The price of the n-th item an applicant files in one natural month (Art. 4).

    1–10: free; 11–30: ¥100; 31–40: ¥200; 41–50: ¥300; … (each further band of 10 adds ¥100).
    """
    if n < 1:
        raise ValueError("items are counted from 1")
    if n <= FREE_ITEMS_PER_MONTH:
        return 0
    if n < ITEM_BAND_START:
        return 100
    return 100 * (1 + -(-(n - (ITEM_BAND_START - 1)) // ITEM_BAND_SIZE))


def per_item_fee(*, earlier_in_month: int, items: int = 1) -> int:
    """The fee of one request of `items` items (一事一申请 split), after `earlier_in_month` items
    the same applicant already filed in the same natural month."""
    if earlier_in_month < 0 or items < 1:
        raise ValueError("counts must be positive")
    return sum(item_price(n) for n in range(earlier_in_month + 1, earlier_in_month + items + 1))


def month_total(items: int) -> int:
    """What `items` items filed in one natural month cost in all (e.g. 35 → ¥3,000)."""
    return per_item_fee(earlier_in_month=0, items=items) if items else 0


def per_page_fee(pages: int) -> int:
    """按量计收 for one request (Art. 5): 1–30 free; 31–100 ¥10; 101–200 ¥20; 201+ ¥40 per page."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total = 0
    for first, last, price in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * price
    return total
