"""The local web app: ``saidwhat serve [STORE_URL]``.

Pages (server-rendered Jinja2, a little vendored JavaScript, no build step): Analyse (paste text,
upload a file or give a URL), the Article view (the text with every attribution, voice, technique and
scare quote marked, and a side panel of speakers, attributions, ranked claims and techniques) and the
Corpus list. The JSON API under ``/api`` serves what the pages show; its OpenAPI document is
``/openapi.json``. See docs/web.md.
"""

from saidwhat.web.app import create_app

__all__ = ["create_app"]
