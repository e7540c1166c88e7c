import api
import report


def main():
    for line in report.greet_all(["ada", "linus"]):
        print(line)
    print(report.order_summary("book", 2))
    print(report.tag_update("lamp"))
    print("search:", report.format_pairs(api.search("async io", page=2)))
    status, body = api.follow("/json/redirected")
    print("redirect:", status, body["greeting"])
    print("peek:", *api.peek_redirect("/json/elsewhere"))


if __name__ == "__main__":
    main()
