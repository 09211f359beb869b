"""The demo storefront: a shop page with the chat widget, and the widget's static files."""
