"""The bot's keep-the-item offers: the next rung of the policy's ladder, and the customer's answer."""
