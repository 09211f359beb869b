"""The record of a return: its lifecycle, queries, the facts the policy decides on, and closing."""
