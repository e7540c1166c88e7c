import csv


def save(results: list, path: str) -> int:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["depth", "url", "title"])
        for r in results:
            writer.writerow([r.depth, r.url, r.title])
    return len(results)
