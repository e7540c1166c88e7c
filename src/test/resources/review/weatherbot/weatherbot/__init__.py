"""A small bot that polls a weather service and posts reports."""
