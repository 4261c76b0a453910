"""Old names that keep working: a function's former name, and a parameter's former spelling.

Both warn with a :class:`DeprecationWarning` that names the new spelling (see ``docs/naming.md``).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from neurolift.errors import InvalidParameterError

__all__ = ["deprecated_alias", "renamed_parameters"]

F = TypeVar("F", bound=Callable[..., Any])


def deprecated_alias(function: F, old_name: str) -> F:
    """``function`` under its former name ``old_name``, warning on every call.

    Examples
    --------
    >>> import warnings
    >>> def emg_new(x): return x + 1
    >>> emg_old = deprecated_alias(emg_new, "emg_old")
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     emg_old(1), str(w[0].message)
    (2, 'emg_old is deprecated; use emg_new')
    """

    @functools.wraps(function)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"{old_name} is deprecated; use {function.__name__}", DeprecationWarning, stacklevel=2
        )
        return function(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old_name
    alias.__doc__ = f"Deprecated name of :func:`{function.__name__}`."
    return alias  # type: ignore[return-value]


def renamed_parameters(**renames: str) -> Callable[[F], F]:
    """Accept each former keyword ``old=`` of the decorated function as ``renames[old]=``,
    with a warning (both at once is an error).

    Examples
    --------
    >>> import warnings
    >>> @renamed_parameters(lowcut="lowcut_hz")
    ... def emg_f(*, lowcut_hz=20.0): return lowcut_hz
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     emg_f(lowcut=10.0), str(w[0].message)
    (10.0, 'emg_f: lowcut= is deprecated; use lowcut_hz=')
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise InvalidParameterError(
                            f"{function.__name__}: give {new}= (or the old {old}=), not both"
                        )
                    warnings.warn(
                        f"{function.__name__}: {old}= is deprecated; use {new}=",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
