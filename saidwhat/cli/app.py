"""The typer applications the CLI commands register on."""

from __future__ import annotations

import datetime
from typing import Annotated

import typer

app = typer.Typer(
    name="saidwhat",
    help="Who said what in the news: grounded attributions, speakers and framing from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
eval_app = typer.Typer(help="Measure accuracy on annotated data and print the figures.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _parse_published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        try:
            datetime.datetime.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None
    return value


#: ``--published``, shared by the commands that read articles.
PublishedOption = Annotated[
    str | None,
    typer.Option(
        help="Publication date (YYYY-MM-DD) for articles whose input gives none (plain text, a page "
        "without a date), so that 'on Friday' or 'last month' resolve; an input's own date wins.",
        metavar="DATE",
        callback=_parse_published,
    ),
]
