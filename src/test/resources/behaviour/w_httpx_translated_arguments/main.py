import os

import oneoff
from client import Api, describe


def main():
    api = Api(os.environ["UNBLOCK_TEST_HTTP"])
    try:
        print("form:", describe(api.post_form("1", "two words")))
        print("text:", describe(api.put_text("plain text body")))
        print("document:", describe(api.post_document({"id": 7, "tags": ["x", "y"]})))
        print("bytes:", describe(api.post_bytes()))
        print("basic auth:", describe(api.whoami("ada", "ada")))
        print("basic auth, wrong password:", describe(api.whoami("ada", "nope")))
        print("pair:", api.whoami_pair("alan", "nala"))
        print("timeout tuple:", api.delayed(20, (2, 5)))
        print("timeout number:", api.delayed(20, 5))
        print("read timeout:", api.delayed_short_read(200))
        print("timeout constant:", api.delayed_default(10))
        print("head of a redirect:", api.head_of_redirect())
    finally:
        api.close()
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print("one-off form:", oneoff.post_form(base, "1"))
    print("one-off text:", oneoff.put_text(base, "plain"))
    print("one-off basic auth:", oneoff.whoami(base, "grace", "ecarg"))
    print("one-off read timeout:", oneoff.short_read(base))


if __name__ == "__main__":
    main()
