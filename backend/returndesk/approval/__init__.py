"""Money movements beyond the requester's authority, waiting for someone whose limit covers them."""
