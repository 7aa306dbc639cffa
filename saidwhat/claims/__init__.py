"""Claims: check-worthy claims in an article, and their matches among previously fact-checked claims."""
