"""TwinDesk: an offline register of sister-city (friendship city) relationships."""

import gc

# The one place the version is written (pyproject.toml reads it from here): a constant,
# because asking importlib.metadata costs a tenth of a second of every start.
__version__ = "0.1.0"

# Start-up loads SQLAlchemy, SQLModel, Qt's bindings and the models: a million long-lived
# objects and next to no garbage, through which the cyclic garbage collector would run
# some 250 times (85 ms, 8% of the window's start on a national register; issue 15). It
# runs seldom until start-up is over, then what start-up made is frozen out of every
# later collection. Seldom, not never: a program that never says start-up is over still
# collects.
_USUAL_THRESHOLDS = gc.get_threshold()
gc.set_threshold(100_000, 50, 50)
_started = False


def start_up_done() -> None:
    """Start-up is over (the first window shown, or a command about to run): the
    collector back to its usual pace, the objects made so far frozen out of its passes.
    Only the first call freezes: later ones would freeze garbage for good."""
    global _started
    if _started:
        return
    _started = True
    gc.freeze()
    gc.set_threshold(*_USUAL_THRESHOLDS)
