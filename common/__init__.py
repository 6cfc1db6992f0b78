"""Code every app shares: it imports Django and libraries, never one of the portal's apps.

The project package `portal/` only wires the apps together (settings, URLs, sitemaps, context
processors); whatever two apps need lives here once.
"""
