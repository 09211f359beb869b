"""ReturnDesk's custom actions: dialogue logic only; every decision is the returns service's."""
