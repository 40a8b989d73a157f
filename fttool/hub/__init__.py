"""Hugging Face Hub: pushing data sets and models with cards (push.py, card.py), the client (client.py)."""
