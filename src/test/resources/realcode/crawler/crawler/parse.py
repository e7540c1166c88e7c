import re
from urllib.parse import urljoin, urlparse

LINK = re.compile(r"""href=["']([^"'#]+)""", re.IGNORECASE)
TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def links(base: str, html: str) -> list:
    host = urlparse(base).netloc
    found = []
    for href in LINK.findall(html):
        url = urljoin(base, href)
        if urlparse(url).netloc == host and url not in found:
            found.append(url)
    return found


def title(html: str) -> str:
    m = TITLE.search(html)
    return " ".join(m.group(1).split()) if m else ""
