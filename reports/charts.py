"""Server-side SVG charts for the public statistics page: no scripts, no third-party libraries.

Each chart is an inline `<svg role="img">` named by its `<title>` and described by its `<desc>`
(which also lists every value, for screen readers), with a text label for every bar and the value
printed next to it, so nothing depends on colour. The page shows the same numbers as a table.
Every piece is built with `format_html`, so labels are escaped.
"""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
FONT_SIZE = 14
# Horizontal bar chart: the label on its own line, the bar below it, the value after the bar.
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
VALUE_SPACE = 110  # room after the longest bar for its value
# Stacked bar: one bar across the width, then one legend line per part.
STACK_HEIGHT = 32
LEGEND_HEIGHT = 26
SWATCH = 16

# Fills meet 3:1 against white (WCAG 1.4.11); the second part is hatched as well as coloured.
BAR_FILL = "#0b4f9c"
PART_FILLS = ["#0b4f9c", "#b3261e", "#4d4d4d", "#8a4b00"]


def percent(part: int, whole: int) -> str:
    """`part` as a share of `whole` with one decimal ("75.0%"), or "—" when `whole` is zero."""
    if not whole:
        return "—"
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{share}%"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_id: str, css_class: str, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart {}" id="{}" role="img" '
        'aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" width="{}" height="{}" '
        'font-size="{}" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css_class,
        chart_id,
        chart_id,
        chart_id,
        WIDTH,
        height,
        WIDTH,
        height,
        FONT_SIZE,
        chart_id,
        title,
        chart_id,
        desc,
        body,
    )


def _describe(desc: str, items: Iterable[tuple[str, str]]) -> str:
    listed = "；".join(f"{label}：{value}" for label, value in items)
    return f"{desc}。{listed}。" if desc else f"{listed}。"


def bar_chart(
    items: Sequence[tuple[str, int] | tuple[str, int, str]],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    unit: str = "",
) -> SafeString:
    """A horizontal bar chart of (label, value) pairs, or (label, value, unit) where the unit differs
    by item; bars scale to the largest value."""
    items = [(item[0], item[1], item[2] if len(item) > 2 else unit) for item in items]
    largest = max((value for _, value, _unit in items), default=0) or 1
    span = WIDTH - VALUE_SPACE
    rows = []
    for index, (label, value, item_unit) in enumerate(items):
        top = index * ROW_HEIGHT
        bar_top = top + LABEL_HEIGHT
        width = span * value / largest
        if value and width < 2:
            width = 2  # a non-zero value stays visible
        rows.append(
            format_html(
                '<g class="chart-row">'
                '<text class="chart-label" x="0" y="{}">{}</text>'
                '<rect class="chart-mark" x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}">{}{}</text>'
                "</g>",
                top + FONT_SIZE + 1,
                label,
                bar_top,
                _number(width),
                BAR_HEIGHT,
                BAR_FILL,
                _number(width + 8),
                bar_top + BAR_HEIGHT - 4,
                value,
                item_unit,
            )
        )
    height = max(len(items), 1) * ROW_HEIGHT
    description = _describe(desc, ((label, f"{value}{item_unit}") for label, value, item_unit in items))
    return _svg(chart_id, "chart-bars", height, title, description, mark_safe("".join(rows)))


def stacked_bar(
    parts: Sequence[tuple[str, int]], *, chart_id: str, title: str, desc: str = "", unit: str = ""
) -> SafeString:
    """One bar split into the shares of its parts (a percentage bar), with a legend that prints
    every part's value and share. Parts after the first are hatched, so they differ without colour."""
    total = sum(value for _, value in parts)
    defs = format_html_join(
        "",
        '<pattern id="{}-hatch-{}" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="{}"></rect>'
        '<rect width="3" height="8" fill="#ffffff"></rect></pattern>',
        ((chart_id, index, PART_FILLS[index % len(PART_FILLS)]) for index in range(1, len(parts))),
    )

    def fill(index):
        return PART_FILLS[0] if index == 0 else f"url(#{chart_id}-hatch-{index})"

    segments, legend, x = [], [], 0.0
    for index, (label, value) in enumerate(parts):
        width = WIDTH * value / total if total else 0
        if width:
            segments.append(
                format_html(
                    '<rect class="chart-mark chart-part-{}" x="{}" y="0" width="{}" height="{}" fill="{}" '
                    'stroke="#ffffff" stroke-width="1"></rect>',
                    index,
                    _number(x),
                    _number(width),
                    STACK_HEIGHT,
                    fill(index),
                )
            )
        x += width
        top = STACK_HEIGHT + 12 + index * LEGEND_HEIGHT
        legend.append(
            format_html(
                '<g class="chart-legend">'
                '<rect class="chart-mark chart-part-{}" x="0" y="{}" width="{}" height="{}" fill="{}" '
                'stroke="#1a1a1a" stroke-width="1"></rect>'
                '<text class="chart-label" x="{}" y="{}">{}：{}{}（{}）</text></g>',
                index,
                top,
                SWATCH,
                SWATCH,
                fill(index),
                SWATCH + 8,
                top + SWATCH - 2,
                label,
                value,
                unit,
                percent(value, total),
            )
        )
    if not total:
        segments.append(
            format_html(
                '<rect class="chart-empty" x="0" y="0" width="{}" height="{}" fill="none" stroke="#4d4d4d"></rect>',
                WIDTH,
                STACK_HEIGHT,
            )
        )
    height = STACK_HEIGHT + 12 + len(parts) * LEGEND_HEIGHT
    description = _describe(desc, ((label, f"{value}{unit}（{percent(value, total)}）") for label, value in parts))
    body = format_html("<defs>{}</defs>{}{}", defs, mark_safe("".join(segments)), mark_safe("".join(legend)))
    return _svg(chart_id, "chart-stacked", height, title, description, body)
