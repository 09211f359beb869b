"""Photo and video evidence: accepted safely, stored under random names, served by signed links."""
