"""Messages in the reader's language, where they are shown.

Services raise Dutch text (`regie.core.domain`); forms (`web.helpers.add_errors`) and the API's problem
details render it with `translate`: a text from the catalogue as it is, or a text built from a
registered template (`core.domain.message_template`) with its parameters, each parameter translated too
when the catalogue has it ("dit vertrek" -> "this departure"; codes such as "ind, police" stay).
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext

from .domain import MESSAGE_TEMPLATES

_PARAMETER = re.compile(r"%\\\((\w+)\\\)s")


@functools.cache
def _patterns(count: int) -> list[tuple[re.Pattern[str], str]]:
    """The registered templates as patterns (recompiled when more templates were registered)."""
    patterns = []
    for template in MESSAGE_TEMPLATES[:count]:
        pattern = _PARAMETER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(template))
        patterns.append((re.compile(pattern, re.S), template))
    return patterns


def translate(message: str) -> str:
    """`message` in the active language (unchanged when there is no translation)."""
    translated = gettext(message)
    if translated != message:
        return translated
    for pattern, template in _patterns(len(MESSAGE_TEMPLATES)):
        match = pattern.fullmatch(message)
        if match is not None:
            rendered = gettext(template)
            if rendered == template:
                return message
            return rendered % {name: gettext(value) for name, value in match.groupdict().items()}
    return message
