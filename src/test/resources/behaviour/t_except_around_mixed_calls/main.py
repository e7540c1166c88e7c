import os

from board import Board


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    closed = os.environ["UNBLOCK_TEST_CLOSED_URL"].rstrip("/")
    print("all up:", Board(base, base).ranked([4, 8, 15]))
    print("unknown user:", Board(base, base).ranked([4, 404]))
    print("users down:", Board(closed, base).ranked([4, 8]))
    print("ranks down:", Board(base, closed).ranked([4, 8]))
    print("name 16:", Board(base, base).name_or_none(16), "name 404:", Board(base, base).name_or_none(404))
    print("name, users down:", Board(closed, base).name_or_none(16))


if __name__ == "__main__":
    main()
