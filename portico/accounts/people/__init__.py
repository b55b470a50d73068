"""Organizations that join and administer themselves: registration and its review by provider relations,
invitations, people and roles, disabling access, and the quarterly attestation of the people list."""
