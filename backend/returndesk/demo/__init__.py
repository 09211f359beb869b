"""Demo shop data for `make run`: a catalogue, customers across tiers, and orders."""
