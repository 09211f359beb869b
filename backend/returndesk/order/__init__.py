"""Orders the shop pushes in, their customers and products."""
