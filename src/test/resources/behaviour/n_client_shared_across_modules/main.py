from flags import beta_enabled, sent_header
from ranking import leaderboard, rank_of
from users import fetch_users


def main():
    users = fetch_users([3, 8, 15, 21])
    print("users:", [u["name"] for u in users])
    board = leaderboard(users)
    print("leaderboard:", [(u["name"], rank_of(u)) for u in board])
    for env in ("dev", "prod"):
        if beta_enabled(env):
            print(env, "has beta")
        else:
            print(env, "has no beta")
    print("header sent:", sent_header())


if __name__ == "__main__":
    main()
