"""A small polite crawler: fetches pages, follows links on the same site, stores titles."""
