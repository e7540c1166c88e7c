"""File storage on a slow disk: every operation waits a little first."""
import os
import time


def save(directory, name, lines):
    time.sleep(0.01)
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def append(path, line):
    time.sleep(0.005)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def load(path):
    time.sleep(0.01)
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_lines(path):
    time.sleep(0.005)
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f.readlines()]
