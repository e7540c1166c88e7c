import unittest

import requests

from profiles import best_of, profile


class ProfileTest(unittest.TestCase):
    def test_known_user(self):
        self.assertEqual(profile(2)["name"], "grace-hopper")

    def test_best_of(self):
        self.assertEqual(best_of([1, 2, 3])["score"], 74)

    def test_unknown_user_is_an_http_error(self):
        with self.assertRaises(requests.HTTPError):
            profile(404)
