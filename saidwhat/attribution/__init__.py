"""Attribution: who is reported as saying, claiming or believing what, and who that speaker is."""

from saidwhat.attribution.extract import AttributionResult, extract_attributions

__all__ = ["AttributionResult", "extract_attributions"]
