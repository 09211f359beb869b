"""The policy over HTTP: the document in force, its public page and dry runs against an order.

The engine itself is `policy/`, which touches no database; a dry run on a stored order needs the
orders, evidence and returns, so it lives here, above them."""
