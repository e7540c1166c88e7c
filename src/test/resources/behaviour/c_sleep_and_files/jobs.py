import time

from helpers import checksum, render
from storage import append, load, read_lines, save


def backoff_delays(attempts):
    return [0.001 * 2**i for i in range(attempts)]


def run_job(directory, rows):
    path = save(directory, "report.txt", render(rows))
    for delay in backoff_delays(3):
        time.sleep(delay)
    append(path, "done")
    return path, load(path)


def stats(path):
    lines = read_lines(path)
    return len(lines), checksum("".join(lines))
