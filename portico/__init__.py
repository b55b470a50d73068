"""Portico: provider portal and transaction engine for health plans."""
