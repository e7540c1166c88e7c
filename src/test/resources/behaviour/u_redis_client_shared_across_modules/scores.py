from cache import key, r


def record(player, points):
    r.zincrby(key("scores"), points, player)
    r.incr(key("games", player))


def score_of(player):
    # a sort key: sorted() calls it synchronously
    return r.zscore(key("scores"), player) or 0


def standings(players):
    return sorted(players, key=score_of, reverse=True)
