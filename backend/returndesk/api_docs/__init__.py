"""The API documentation pages (Swagger UI and ReDoc), with their assets served by the service itself."""
