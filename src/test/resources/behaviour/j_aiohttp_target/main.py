import os

from catalog import Catalog, word_count
from users import echo_post, status_of, user_summary


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print(user_summary(base, 3))
    print(*echo_post(base, {"a": 1}))
    for code in (200, 404):
        print(status_of(base, code))
    catalog = Catalog(base)
    try:
        for n in (1, 2):
            items = catalog.page(n)
            print(n, items, word_count([str(i) for i in items]))
    finally:
        catalog.close()


if __name__ == "__main__":
    main()
