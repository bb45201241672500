"""``python -m advgui.bench``: how fast advgui attacks, beside the tutorial and torchattacks.

Everything is measured in one process: every variant runs once per round (in a rotating
order), a warm-up round comes first, and the table reports medians over the rounds.
See ``python -m advgui.bench --help`` and the README's "Performance" section.
"""
