"""Directory data: clinic information changes, the 90-day attestation and the public provider directory."""
