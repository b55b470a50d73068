from django.core.management import call_command


def test_the_committed_api_reference_matches_the_code():
    # Regenerate with `portico apidocs` after changing an endpoint.
    call_command("apidocs", check=True)
