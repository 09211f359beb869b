"""Exchanges: a replacement order through an order sink, with a stock check and the price difference."""
