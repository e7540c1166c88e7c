import os
import threading

from fetch import get_json, worker


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    status, data = get_json(base + "/json/urllib")
    print("get_json:", status, data["greeting"])
    results = [None] * 3
    threads = [
        threading.Thread(target=worker, args=(f"{base}/json/t{i}", results, i)) for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("threads:", results)


if __name__ == "__main__":
    main()
