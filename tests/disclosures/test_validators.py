"""Check digits, worked from docs/rules.md §4.8 and §4.9."""

import pytest
from stdnum.cn import ric

from disclosures.validators import (
    is_valid_resident_id,
    is_valid_uscc,
    mask_identity_number,
    uscc_check_character,
)


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # the stdnum doctest
        "91350100M000100Y43",
        # the four 索引号 prefixes of §4.3
        "113209280143685278",
        "12620600MB0523338C",
        "11341702486344515H",
        "11620622013933539B",
        "91110000600037341l",  # lower case is folded
        " 9111 0000 6000 3734 1L ",  # spaces are stripped
    ],
)
def test_valid_uscc(code):
    assert is_valid_uscc(code)


def test_uscc_with_leading_letter_is_accepted():
    # stdnum.cn.uscc rejects these (docs/rules.md Decision 8); GB 32100 allows 登记管理部门码 A, N, Y.
    for first17 in ["N1450600MA5K12345", "Y2450600MB1234567", "A1110000MC0001234"]:
        code = first17 + uscc_check_character(first17)
        assert is_valid_uscc(code), code


def test_uscc_check_character_worked_by_hand():
    # 91110000600037341: values 9,1,1,1,0,0,0,0,6,0,0,0,3,7,3,4,1 × weights 3^i mod 31
    # = 9+3+9+27+0+0+0+0+120+0+0+0+24+168+30+120+28 = 538; 538 mod 31 = 11; 31-11 = 20 → "L"
    assert uscc_check_character("91110000600037341") == "L"


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341K",  # wrong check character
        "9111000060003734",  # too short
        "91110000600037341L0",  # too long
        "9111000060003734IL",  # I is not in the alphabet
        "91110000600O37341L",  # O is not in the alphabet
        "",
    ],
)
def test_invalid_uscc(code):
    assert not is_valid_uscc(code)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "360426199101010071"])
def test_resident_id_check_digit_matches_domain_vectors(number):
    # W = 2^(17-i) mod 11; check = "10X98765432"[S mod 11] (GB 11643-1999)
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    assert "10X98765432"[total % 11] == number[17] == ric.calc_check_digit(number)  # stdnum takes the full number


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "360426199101010071", "11010519491231002x", "440524188001010014"]
)
def test_valid_resident_id(number):
    assert is_valid_resident_id(number)


def test_resident_id_issued_under_a_code_newer_than_the_birth_is_accepted():
    # Numbers are issued where people are registered: 450602 (港口区, 1993) for someone born in 1965,
    # or one whose area code is younger than its holder; stdnum.is_valid would refuse both.
    first17 = "45060219650101001"
    assert is_valid_resident_id(first17 + ric.calc_check_digit(first17 + "0"))
    assert is_valid_resident_id("440524188001010014")


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # check digit should be X
        "110105194902300027",  # 30 February is no birth date
        "11010519491231002",  # 17 characters
    ],
)
def test_invalid_resident_id(number):
    assert not is_valid_resident_id(number)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "110*************2X"),
        ("440524188001010014", "440*************14"),
        ("G1234567", "G12***67"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_identity_number(number, masked):
    assert mask_identity_number(number) == masked


def test_resident_id_where_stdnum_lacks_the_county_level_is_checked_without_birthplace():
    # 450623 (上思县, 防城港) makes stdnum raise KeyError('county'); the rest of the number is checked.
    assert is_valid_resident_id("450623198001010014")
    assert not is_valid_resident_id("450623198001010015")  # wrong check digit
    assert not is_valid_resident_id("45062319800230001X")  # no 30 February
