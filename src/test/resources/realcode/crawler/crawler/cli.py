import argparse
import sys

from .crawl import by_depth, crawl
from .fetch import Fetcher
from .sources import IndexSource, Source, StaticSource
from .store import save


def make_source(args) -> Source:
    if args.index:
        return IndexSource("index", args.index)
    return StaticSource("pages", args.urls)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="tinycrawl")
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--index")
    parser.add_argument("--out", default="crawl.csv")
    parser.add_argument("--max-pages", type=int, default=20)
    args = parser.parse_args(argv)
    fetcher = Fetcher()
    try:
        results = crawl(make_source(args), fetcher, max_pages=args.max_pages)
    finally:
        fetcher.close()
    n = save(by_depth(results), args.out)
    print("%d pages saved to %s" % (n, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
