from cache import PREFIX, r
from flags import enable, is_enabled
from scores import record, score_of, standings


def reset():
    for k in r.scan_iter(match=PREFIX + "*"):
        r.delete(k)


def main():
    reset()
    for player, points in [("ada", 5), ("alan", 9), ("grace", 7), ("ada", 6)]:
        record(player, points)
    print("standings:", [(p, score_of(p)) for p in standings(["ada", "alan", "grace", "linus"])])
    enable("double-points")
    for flag in ("double-points", "sudden-death"):
        print(flag, "on" if is_enabled(flag) else "off")
    print("games played by ada:", r.get(PREFIX + "games:ada"))


if __name__ == "__main__":
    main()
