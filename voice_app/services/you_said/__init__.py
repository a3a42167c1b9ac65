"""Closing the loop, "You said… We did…": items (rules and writing), item_views (reading),
notices (the public page and posters) and drafts (prefilled from a theme or a figure)."""
