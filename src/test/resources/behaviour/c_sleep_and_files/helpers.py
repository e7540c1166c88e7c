"""Pure computations: nothing here waits on anything."""


def checksum(text):
    total = 0
    for i, ch in enumerate(text):
        total = (total * 31 + ord(ch) * (i + 1)) % 1_000_003
    return total


def word_count(text):
    return len(text.split())


def render(rows):
    return [f"{i:02d} {row.upper()}" for i, row in enumerate(rows, 1)]
