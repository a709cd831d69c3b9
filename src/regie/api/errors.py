"""Every error under /api/v1 as RFC 9457 problem details (`application/problem+json`).

The members are `type`, `title`, `status`, `detail` and `instance`. `detail` always names the
field(s) at fault as the client spelled them (`vNumber`, `nationalities[0].country`), so a client
that reads only `detail` still knows what to fix. Input errors also carry the extension member
`invalidParams: [{name, reason}]` for machines. The documented schema lists only the five standard
members, as the NL API Design Rules linter demands; RFC 9457 §3.2 allows extensions regardless.

A 400 has one of two types: `problems/request` when the request does not fit the documented request
schema (a type, length, pattern, bound, or a missing or unknown member), `problems/validation` when it
does and a rule of the domain refuses it (an unknown referenced id, a date in the future). The contract
test (`tests/test_schemathesis.py`) holds the first to "never for a request the document calls valid".

Texts are Dutch by default and English with `Accept-Language: en` (Django i18n, catalogue in
`regie/api/locale`). They never repeat the submitted values, so no name or V-number ends up in an
error response or in a log that stores it.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_noop
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid
from pydantic.alias_generators import to_camel

from regie.core.errors import RegieError, ValidationFailed, is_lock_timeout, validation_from_django
from regie.core.i18n import translate

from .versioning import API_VERSION, API_VERSION_HEADER

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("regie.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")


def api_field(name: str | None) -> str | None:
    """The service's field name as the API spells it: `other_names[0].family_name` -> `otherNames[0].familyName`."""
    if not name or name == "__all__":
        return None
    segments = []
    for segment in name.split("."):
        match = _SEGMENT.match(segment)
        segments.append(to_camel(match.group(1)) + match.group(2) if match else segment)
    return ".".join(segments)


@dataclass(frozen=True)
class InvalidParam:
    name: str | None
    reason: str

    @property
    def sentence(self) -> str:
        return f"{self.name}: {self.reason}" if self.name else self.reason


def problem_type(code: str) -> str:
    return f"{settings.REGIE_API_SERVER_URL.rstrip('/')}/problems/{code}"


def problem(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str,
    code: str,
    invalid: Sequence[InvalidParam] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """One problem response. `detail` already names the fields; `invalid` adds `invalidParams`."""
    request_id = getattr(request, "request_id", "")
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": str(title),
        "status": status,
        "detail": detail,
        "instance": f"urn:regie:request:{request_id}" if request_id else "urn:regie:request:unknown",
    }
    if invalid:
        body["invalidParams"] = [{"name": p.name, "reason": p.reason} for p in invalid]
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_MEDIA_TYPE)
    response[API_VERSION_HEADER] = API_VERSION
    for key, value in (headers or {}).items():
        response[key] = value
    return response


# The problem type of a request that does not fit the documented request schema (its shape, types,
# lengths, formats), as opposed to `validation`: well-formed input that a rule of the domain refuses.
REQUEST_INVALID_CODE = "request"


def invalid_input(
    request: HttpRequest, params: Iterable[InvalidParam], *, code: str = ValidationFailed.code
) -> HttpResponse:
    params = list(params)
    return problem(
        request,
        status=400,
        title=gettext(str(ValidationFailed.title)),
        detail=" ".join(p.sentence for p in params) or gettext("De invoer is ongeldig."),
        code=code,
        invalid=params,
    )


# --- domain errors (regie.core.errors) ---------------------------------------------------------


def _regie_error(request: HttpRequest, exc: RegieError) -> HttpResponse:
    if isinstance(exc, ValidationFailed):
        return invalid_input(
            request,
            (InvalidParam(api_field(name), translate(m)) for name, messages in exc.errors.items() for m in messages),
        )
    name = api_field(exc.field)
    reason = translate(exc.message)
    return problem(
        request,
        status=exc.status,
        title=gettext(str(exc.title)),
        detail=f"{name}: {reason}" if name else reason,
        code=exc.code,
        invalid=[InvalidParam(name, reason)] if name else (),
    )


def _django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A model's full_clean() outside a service's conversion: same answer as a domain validation error.
    return _regie_error(request, validation_from_django(exc))


# --- request shape (pydantic, via ninja) -------------------------------------------------------

# Field-specific words for a pattern that does not match: the pattern alone helps no one.
PATTERN_MESSAGES = {
    "vNumber": gettext_noop("Een V-nummer bestaat uit precies 10 cijfers."),
    "country": gettext_noop("Gebruik een landcode uit ISO 3166-1 (twee letters, bijv. SY)."),
    "code": gettext_noop("Gebruik een taalcode uit ISO 639 (bijv. ar, ti of fas)."),
}


def _loc_name(loc: Sequence[Any]) -> str | None:
    """Ninja's ("body", "payload", "nationalities", 0, "country") -> "nationalities[0].country"."""
    source, *rest = loc or ("",)
    if source == "body" and rest:
        rest = rest[1:]  # the view's parameter name, not part of the client's document
    name = ""
    for item in rest:
        if isinstance(item, int):
            name += f"[{item}]"
        else:
            name += ("." if name else "") + str(item)
    return name or None


def _choices(expected: str) -> str:
    return ", ".join(part.strip().strip("'\"") for part in re.split(r",| or ", expected) if part.strip())


def _reason(error: Mapping[str, Any], name: str | None) -> str:
    """Words for one pydantic error, from its type and context only: never from the submitted input."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    last = (name or "").rsplit(".", 1)[-1].split("[", 1)[0]
    if kind == "missing":
        return gettext("Dit veld is verplicht.") if name else gettext("De aanvraag heeft een JSON-object nodig.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return gettext("Geef een JSON-object.")
    if kind == "extra_forbidden":
        return gettext("Dit veld bestaat niet (let op de schrijfwijze, bijv. vNumber).")
    if kind == "string_type":
        return gettext("Geef tekst.")
    if kind == "string_too_short":
        return gettext("Dit veld is verplicht.")
    if kind == "string_too_long":
        return gettext("Maximaal %(n)s tekens.") % {"n": ctx.get("max_length")}
    if kind == "string_nul":
        return gettext("Het teken NUL is niet toegestaan.")
    if kind == "string_pattern_mismatch":
        return gettext(PATTERN_MESSAGES.get(last, gettext_noop("Dit veld heeft niet het juiste formaat.")))
    if kind in ("enum", "literal_error"):
        return gettext("Kies een van: %(choices)s.") % {"choices": _choices(str(ctx.get("expected", "")))}
    if kind in ("float_type", "float_parsing"):
        return gettext("Geef een getal.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return gettext("Geef een geheel getal.")
    if kind in ("greater_than_equal", "greater_than"):
        return gettext("Minimaal %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return gettext("Maximaal %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in ("bool_type", "bool_parsing"):
        return gettext("Geef true of false.")
    if kind.startswith("date"):
        return gettext("Geef een datum als JJJJ-MM-DD.")
    if kind.startswith("uuid"):
        return gettext("Geef een geldige identificatie (UUID).")
    if kind == "list_type":
        return gettext("Geef een lijst.")
    if kind == "too_long":
        return gettext("Maximaal %(n)s elementen.") % {"n": ctx.get("max_length")}
    if kind == "value_error":
        return translate(str(ctx.get("error", "")).removeprefix("Value error, ")) or gettext("Ongeldige waarde.")
    return gettext("Ongeldige waarde.")


# A schema's validator raises ValueError for a rule of the domain that no schema can state (a date
# in the future, a date before any rule was in force); every other pydantic error is a constraint
# the document states (types, lengths, patterns, bounds, required and unknown members).
_RULE_ERRORS = frozenset({"value_error", "assertion_error"})


def _request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    params = []
    for error in exc.errors:
        name = _loc_name(error.get("loc", ()))
        params.append(InvalidParam(name, _reason(error, name)))
    rules_only = all(error.get("type") in _RULE_ERRORS for error in exc.errors)
    return invalid_input(request, params, code=ValidationFailed.code if rules_only else REQUEST_INVALID_CODE)


# --- HTTP-level errors -------------------------------------------------------------------------


def unauthenticated(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        status=401,
        title=gettext("Niet aangemeld"),
        detail=gettext("Meld u aan: stuur een geldige API-sleutel (Authorization: Bearer ...) of gebruik een sessie."),
        code="unauthenticated",
        headers={"WWW-Authenticate": 'Bearer realm="regie"'},
    )


def not_found(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        status=404,
        title=gettext("Niet gevonden"),
        detail=gettext("Deze URL bestaat niet in de API."),
        code="not_found",
    )


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    return problem(
        request,
        status=405,
        title=gettext("Methode niet toegestaan"),
        detail=gettext("Deze methode is hier niet toegestaan. Toegestaan: %(allowed)s.") % {"allowed": allowed},
        code="method_not_allowed",
        headers={"Allow": allowed},
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return unauthenticated(request)
    if isinstance(exc, Throttled):
        return problem(
            request,
            status=429,
            title=gettext("Te veel verzoeken"),
            detail=gettext("Te veel verzoeken; probeer het later opnieuw."),
            code="throttled",
        )
    if exc.status_code == 400:
        return invalid_input(
            request, [InvalidParam(None, gettext("De body is geen geldige JSON."))], code=REQUEST_INVALID_CODE
        )
    if exc.status_code == 403:
        return problem(
            request,
            status=403,
            title=gettext("Geen toegang"),
            detail=gettext("De CSRF-controle is mislukt: stuur de header X-CSRFToken mee bij een sessie."),
            code="csrf",
        )
    return problem(request, status=exc.status_code, title=gettext("Fout"), detail=gettext("Fout"), code="http")


def payload_too_large(request: HttpRequest) -> HttpResponse:
    """413: the body is over `REGIE_MAX_BODY_BYTES`; it was not read."""
    return problem(
        request,
        status=413,
        title=gettext("Verzoek te groot"),
        detail=gettext("De body is groter dan %(n)s bytes, het maximum; stuur minder per verzoek.")
        % {"n": settings.REGIE_MAX_BODY_BYTES},
        code="payload_too_large",
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the database could not take the write in time; nothing was written."""
    return problem(
        request,
        status=503,
        title=gettext("Even bezet"),
        detail=gettext("De database is even bezet; er is niets opgeslagen. Probeer het over een seconde opnieuw."),
        code="busy",
        headers={"Retry-After": "1"},
    )


def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return payload_too_large(request)


def _database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    return service_unavailable(request) if is_lock_timeout(exc) else server_error(request, exc)


def _http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found(request)


def _django_forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return problem(
        request,
        status=403,
        title=gettext("Geen toegang"),
        detail=gettext("U hebt geen toegang tot deze gegevens."),
        code="forbidden",
    )


def server_error(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """500 without internals. The log gets the request id and the stack, not the exception's message,
    which may hold values (a database error quotes the row it refused)."""
    request_id = getattr(request, "request_id", "")
    logger.error(
        "API request %s failed with %s\n%s",
        request_id,
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    return problem(
        request,
        status=500,
        title=gettext("Interne fout"),
        detail=gettext("Er ging iets mis aan onze kant. Vermeld bij een melding het verzoeknummer %(request_id)s.")
        % {"request_id": request_id},
        code="internal",
    )


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers: every error leaves as problem+json."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (RegieError, _regie_error),
        (DjangoValidationError, _django_invalid),
        (RequestInvalid, _request_invalid),
        (HttpError, _http_error),
        (Http404, _http404),
        (DjangoPermissionDenied, _django_forbidden),
        (RequestDataTooBig, _too_big),
        (OperationalError, _database_error),
        (Exception, server_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
