"""Joining the network: applications, credentialing and approval."""
