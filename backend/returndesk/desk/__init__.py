"""What the desk looks up: search across returns, orders and customers, one return with every
action the viewer may take on it, and one customer's history. Staff only."""
