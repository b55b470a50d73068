from tests.claims.support import claims, private_files, token_a, token_b  # noqa: F401  (fixtures)
