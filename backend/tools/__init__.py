"""Developer tools beside the service, not part of it: they may import `returndesk`, never the reverse."""
