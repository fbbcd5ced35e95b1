import base64
import random
import re

from hiring.ids import ID_MAX_LENGTH, new_id


def test_ids_are_the_base32_of_their_80_random_bits() -> None:
    made, bits = random.Random(7), random.Random(7)
    for _ in range(2_000):
        raw = bits.getrandbits(80).to_bytes(10, "big")
        assert new_id("cand", made) == "cand_" + base64.b32encode(raw).decode().lower()


def test_ids_without_a_generator_are_random_and_well_formed() -> None:
    ids = {new_id("note") for _ in range(1_000)}
    assert len(ids) == 1_000
    assert all(re.fullmatch(r"note_[a-z2-7]{16}", value) for value in ids)
    assert max(len(value) for value in ids) <= ID_MAX_LENGTH
