"""Secure messaging: threads between a provider organization and a plan team, the teams' inboxes with their reply
target in business days, and the "Contact us" page."""
