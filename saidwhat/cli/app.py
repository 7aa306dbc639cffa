"""The typer applications the CLI commands register on."""

from __future__ import annotations

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
