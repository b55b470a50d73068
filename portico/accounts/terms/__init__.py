"""The privacy statement and terms of use: versions, acceptances, the sign-in gate step and the public page."""
