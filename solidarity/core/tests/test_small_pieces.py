"""Money, time windows, categories, phases and small-count suppression."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.db import models

from solidarity.core import categories, timewindows
from solidarity.core.money import amount_text, cents_as_fraction, cents_text, to_cents
from solidarity.core.phases import Phases
from solidarity.core.workflow import NotAllowed
from solidarity.privacy.suppression import enough, hide_small, shown_if_enough


def test_money_is_exact_in_cents_and_shows_the_communitys_currency():
    assert to_cents(Decimal("1234.565")) == 123456  # banker's rounding of the half cent
    assert cents_text(123456) == "1,234.56"
    assert cents_text(-5) == "-0.05"
    assert amount_text(-500, SimpleNamespace(currency="€")) == "-€5.00"
    assert cents_as_fraction(1) * 100 == 1


def test_time_windows_are_cleaned_and_parsed():
    assert timewindows.clean(" Mon 18:00-20:00 , sat 09:00-12:30") == "mon 18:00-20:00; sat 09:00-12:30"
    assert timewindows.parse("mon 18:00-20:00; sun 23:00-24:00") == (
        timewindows.Window(0, 1080, 1200), timewindows.Window(6, 1380, 1440))
    for bad in ("mon 20:00-18:00", "someday 10:00-11:00", "mon 10-11", "tue 24:00-24:30"):
        with pytest.raises(forms.ValidationError):
            timewindows.clean(bad)


def test_the_apps_share_category_values_where_meanings_overlap():
    aid = {value for value, _ in categories.MUTUAL_AID}
    pb = {value for value, _ in categories.BUDGETING}
    assert {"housing", "food", "health", "childcare", "eldercare", "transport", "income"} <= aid & pb
    assert categories.subset("food", "housing") == [("housing", "Housing"), ("food", "Food")]
    with pytest.raises(ValueError):
        categories.subset("cash")


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"


def test_phases_allow_only_their_moves_and_say_why_not():
    lights = Phases(Light, moves={Light.RED: frozenset({Light.GREEN}), Light.GREEN: frozenset({Light.AMBER})})
    assert lights.allows("red", "green") and not lights.allows("green", "red")
    assert lights.reached("amber", "green") and not lights.reached("red", "green")
    lights.check("red", "green")
    with pytest.raises(NotAllowed, match="“Green” cannot become “Red”"):
        lights.check("green", "red")
    with pytest.raises(NotAllowed, match="Not now"):
        lights.check("amber", "red", refusal="Not now")
    with pytest.raises(NotAllowed, match="Unknown phase"):
        lights.check("red", "blue")
    with pytest.raises(ValueError):
        Phases(Light, moves={"red": frozenset({"blue"})})


def test_small_counts_are_hidden():
    assert [hide_small(n) for n in (0, 4, 5, 9)] == [None, None, 5, 9]
    assert shown_if_enough(12_000, 4) is None and shown_if_enough(12_000, 5) == 12_000
    assert not enough(4) and enough(5)


def test_an_absurd_amount_gets_the_forms_message_not_a_traceback():
    from django import forms

    from solidarity.core.money import MoneyField

    class AmountForm(forms.Form):
        amount = MoneyField()

    for absurd in ("1" + "0" * 400, "1e400", "NaN", "Infinity", "-5", "0.001"):
        form = AmountForm({"amount": absurd})
        assert not form.is_valid(), absurd
        assert form.errors["amount"], absurd
    assert AmountForm({"amount": "1234.50"}).is_valid()
