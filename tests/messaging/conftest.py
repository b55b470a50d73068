from tests.authorizations.review_support import reviewers  # noqa: F401  (fixture)
from tests.authorizations.support import auth, private_files, token_a, token_b  # noqa: F401  (fixtures)
