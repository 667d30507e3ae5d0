"""Sections that an app higher up adds to a screen of an app below it (the payments a party received, on the
party's screen) while the app below imports nothing of it: the upper app registers its panel when Django starts
(its AppConfig.ready), and the screen renders whatever is registered for it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (request, obj) -> dict for the template


_PANELS: dict[str, list[Panel]] = {}


def register(screen: str, template: str, context: Callable) -> None:
    """Add a panel to `screen` (e.g. 'parties:detail'); registering the same panel twice keeps one."""
    panel = Panel(template, context)
    panels = _PANELS.setdefault(screen, [])
    if panel not in panels:
        panels.append(panel)


def render(screen: str, request, obj) -> list[SafeString]:
    """The screen's panels as HTML, in the order they were registered."""
    return [render_to_string(p.template, p.context(request, obj), request=request) for p in _PANELS.get(screen, [])]
