import pytest


@pytest.fixture(autouse=True)
def _forget_provinces():
    """The deployment's provinces are cached (``orgs.provinces``) and forgotten by signals, but a test case's
    rollback sends none: forget them around every test, so one test's organisations never choose another's
    communes."""
    from phoihop.orgs.provinces import forget

    forget()
    yield
    forget()
