from report import build


def main():
    report = build([3, 1, 4, 5, 9, 2, 6])
    print(report.header())
    for line in report.lines():
        print(line)
    print("initials:", report.service.initials())
    by_score = sorted(report.service.load_all(), key=lambda user: -user["score"])
    print("top:", by_score[0]["name"], by_score[0]["score"])


if __name__ == "__main__":
    main()
