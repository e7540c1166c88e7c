import os

from commands import Shell
from spider import CatalogSpider, crawl


def run_shell(base):
    shell = Shell(base)
    for line in ["user 7", "rank 7", "shout quiet", "user 42", "nope 1"]:
        print(f"shell {line!r} ->", shell.onecmd(line))


def run_spider(base):
    spider = CatalogSpider(base)
    fetched = crawl(spider)
    print("spider fetched", fetched, "pages and users")
    print("spider saw", ", ".join(spider.seen))


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    run_shell(base)
    run_spider(base)


if __name__ == "__main__":
    main()
