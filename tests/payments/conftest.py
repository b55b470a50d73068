from tests.payments.support import examiner, pay, pay_token_a  # noqa: F401  (fixtures)
