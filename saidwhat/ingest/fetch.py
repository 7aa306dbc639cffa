"""HTTP(S) URLs, fetched with the standard library and read as HTML or plain text.

The body is read in chunks and given up on as soon as it passes ``Options.max_bytes``, so a huge
or endless response never fills memory. ``Options.fetch_timeout`` bounds each network operation,
and the whole download too (checked between chunks), so a server that trickles bytes cannot hold a
batch up forever.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO

from saidwhat.errors import BinaryInputError, FetchError, InputTooLargeError
from saidwhat.ingest.content import Kind, article_from_bytes
from saidwhat.model import Article
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()

_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
# No type, or "some bytes": decide from the content, as for a file with no telling extension.
_SNIFF_TYPES = frozenset({"", "application/octet-stream"})


@dataclass(frozen=True, slots=True)
class FetchedBody:
    """What a server sent for a URL.

    url: the address after redirects. content_type: the media type, lower-case, without
    parameters ("" when the server sent none). charset: the declared charset, if any.
    """

    url: str
    content_type: str
    charset: str | None
    data: bytes


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL."""
    return urllib.parse.urlsplit(value).scheme.lower() in _SCHEMES and "://" in value


def read_url(url: str, options: Options = DEFAULT_OPTIONS) -> Article:
    """Fetch a URL and read its body as an article (HTML or plain text, by content type).

    Args:
        url: An http:// or https:// address.
        options: ``fetch_timeout``, ``max_bytes`` and ``user_agent`` apply.

    Returns:
        The article, with the URL as its id and ``metadata.source_file``.

    Raises:
        FetchError: The URL could not be fetched (timeout, HTTP error, network error).
        InputTooLargeError: The body is larger than ``options.max_bytes``.
        BinaryInputError: The server sent something other than text or HTML (an image, a PDF).
        SaidwhatError: Any error from decoding or extraction.
    """
    body = fetch_url(url, options)
    return article_from_bytes(
        body.data,
        source=url,
        article_id=url,
        options=options,
        kind=_kind(body, url),
        declared_charset=body.charset,
        url=body.url,
    )


def fetch_url(url: str, options: Options = DEFAULT_OPTIONS) -> FetchedBody:
    """Download a URL's body, at most ``options.max_bytes`` of it.

    Args:
        url: An http:// or https:// address.
        options: ``fetch_timeout``, ``max_bytes`` and ``user_agent`` apply.

    Returns:
        The body with its final URL, media type and charset.

    Raises:
        FetchError: The URL is not http(s), or fetching it failed or timed out.
        InputTooLargeError: The body is larger than ``options.max_bytes``.
    """
    if not is_url(url):
        raise FetchError(url, "only http:// and https:// URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, "Accept": _ACCEPT})
    deadline = time.monotonic() + options.fetch_timeout
    try:
        with _OPENER.open(request, timeout=options.fetch_timeout) as response:
            headers: Message = response.headers
            data = _read_capped(response, headers, url, options.max_bytes, deadline)
            return FetchedBody(
                url=response.geturl(),
                content_type=_media_type(headers),
                charset=headers.get_content_charset(),
                data=data,
            )
    except urllib.error.HTTPError as exc:
        exc.close()  # an HTTPError holds the open connection of the error page
        raise FetchError(url, f"the server answered HTTP {exc.code} {exc.reason}; check the URL") from exc
    except urllib.error.URLError as exc:
        raise FetchError(url, _network_problem(exc.reason, options.fetch_timeout)) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(url, _network_problem(exc, options.fetch_timeout)) from exc


def _read_capped(response: IO[bytes], headers: Message, url: str, max_bytes: int, deadline: float) -> bytes:
    """Read the body in chunks, stopping as soon as it is known to be over the cap."""
    declared = headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise InputTooLargeError(url, _too_large(f"{int(declared):,} bytes", max_bytes))
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputTooLargeError(url, _too_large(f"more than {max_bytes:,} bytes", max_bytes))
        if time.monotonic() > deadline:
            raise TimeoutError("the download took longer than the timeout")
    return b"".join(chunks)


def _too_large(size: str, max_bytes: int) -> str:
    return (
        f"the body is {size}, over the {max_bytes:,}-byte limit; raise it with --max-bytes if this is right"
    )


def _network_problem(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s; retry later or raise the fetch timeout"
    return f"could not fetch it ({reason}); check the URL and the network"


def _media_type(headers: Message) -> str:
    # get_content_type() answers "text/plain" when the header is missing; we want to know that.
    return headers.get_content_type() if headers.get("Content-Type") else ""


def _kind(body: FetchedBody, url: str) -> Kind | None:
    if body.content_type in _HTML_TYPES:
        return "html"
    if body.content_type in _TEXT_TYPES:
        return "text"
    if body.content_type in _SNIFF_TYPES or body.content_type.startswith("text/"):
        return None
    raise BinaryInputError(
        url, f"the server sent {body.content_type}, not text or HTML; give the URL of the article page"
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): urllib would also follow one to ftp://."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise urllib.error.URLError(f"refusing to follow a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# No FileHandler/FTPHandler: a URL input must never read local files.
_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.ProxyHandler(),
    urllib.request.UnknownHandler(),
    urllib.request.HTTPHandler(),
    urllib.request.HTTPDefaultErrorHandler(),
    _HttpOnlyRedirects(),
    urllib.request.HTTPErrorProcessor(),
    urllib.request.HTTPSHandler(),
):
    _OPENER.add_handler(_handler)
