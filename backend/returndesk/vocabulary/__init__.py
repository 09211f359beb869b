"""The shared vocabulary: reason codes and resolutions with their titles per language, served to
the assistant and any other client so that none of them keeps a copy (GET /api/v1/vocabulary)."""
