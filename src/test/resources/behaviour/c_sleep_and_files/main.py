import os
import tempfile

import jobs
from helpers import checksum, word_count


def main():
    with tempfile.TemporaryDirectory(prefix="unblock-") as directory:
        path, text = jobs.run_job(directory, ["alpha", "beta", "gamma"])
        print("file:", os.path.basename(path))
        print(text, end="")
        print("words:", word_count(text), "checksum:", checksum(text))
        print("stats:", *jobs.stats(path))
        print("exists:", os.path.exists(path))
    print("cleaned up:", not os.path.exists(directory))


if __name__ == "__main__":
    main()
