from tools import count_words, exit_code, failing, greet, upper


def main():
    message = greet("unblock")
    print(message, count_words(message))
    print(exit_code(0), exit_code(3))
    print(*upper("shout"))
    print(failing())


if __name__ == "__main__":
    main()
