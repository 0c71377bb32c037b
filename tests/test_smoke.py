from tests.conftest import Province


def test_the_province_fixture_builds_a_tree(province: Province) -> None:
    assert list(province.commune.ancestors().values_list("code", flat=True)) == ["VP", "VP-VINHYEN"]
