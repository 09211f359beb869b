"""Where approved returns go, how they are handed over, and the printable return label."""
