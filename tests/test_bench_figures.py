"""The masked-figure benchmark's question rules (bench/figures.py), on bullets of ECTSum's train split as Reuters
wrote them: the figure masked is a figure, never a day of the month or a piece of a word."""

from bench.figures import mask


def test_a_day_of_the_month_is_not_the_figure_asked_for():
    # before: "backlog as of december how much, 2020 was $1.51 billion?", asking for the 31
    assert mask("backlog as of december 31, 2020 was $1.51 billion") == ("backlog as of december 31, 2020 was how much?", "$1.51 billion")
    assert mask("as of sept 30, 2021, book value per common share was $77.03") == ("as of sept 30, 2021, book value per common share was how much?", "$77.03")


def test_a_number_inside_a_word_is_not_the_figure_asked_for():
    # before: "q4 fy'how much fee revenue...", "the company reports how muchq20 & 2020 results?", "how muchnd quarter..."
    assert mask("q4 fy'22 fee revenue is expected to be in range of $670 million and $690 million") == (
        "q4 fy'22 fee revenue is expected to be in range of how much and $690 million?", "$670 million")
    assert mask("the company reports 4q20 & 2020 results") is None
    assert mask("2nd quarter 2021 results") is None


def test_figures_next_to_periods_are_still_asked_for():
    assert mask("q3 sales rose 10.3 percent to $4.8 billion") == ("q3 sales rose how much to $4.8 billion?", "10.3 percent")
    assert mask("sees fy 2021 organic sales growth of 4.5% to 7.5%") == ("sees fy 2021 organic sales growth of how much to 7.5%?", "4.5%")


def test_a_bullet_may_open_with_its_figure():
    # the first version of the word rule read the empty text before a bullet's first character as an apostrophe
    assert mask("16% sales growth to $1.78 billion in quarter") == ("how much sales growth to $1.78 billion in quarter?", "16%")
    assert mask("$100 million of common stock repurchased during quarter") == ("how much of common stock repurchased during quarter?", "$100 million")
