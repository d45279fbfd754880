"""Which string literals in xplorium/ are user-facing text (shared by the marking test)."""

import ast
import re

# Calls whose string arguments are never user-facing text.
NON_TEXT_CALLS = {
    "icon", "color", "breakpoints", "call_script", "redirect", "script", "download", "get", "getattr",
    "setattr", "hasattr", "isinstance", "startswith", "endswith", "split", "rsplit", "replace", "join",
    "strip", "rstrip", "lstrip", "removesuffix", "removeprefix", "strftime", "strptime", "fromisoformat",
    "info", "warning", "error_log", "debug", "exception", "critical", "get_logger", "getLogger", "bind",
    "text_sql", "Field", "Column", "column", "CheckConstraint", "Index", "ForeignKey", "where", "filter",
    "label_", "order_by", "Path", "environ", "getenv", "compile", "match", "search", "sub", "fullmatch",
    "findall", "encode", "decode", "hexdigest", "sha256", "new", "cast", "to", "contains", "var", "Var",
    "create", "set_cookie", "delete_cookie", "Cookie", "LocalStorage", "Route", "Middleware", "lower",
    "upper", "format_date", "format_decimal", "format_skeleton", "localized", "page_href", "N_", "_",
    "ngettext", "use_locale", "header", "set", "pop", "setdefault", "index", "count", "find", "partition",
    "sa_text", "func", "literal", "cookie", "query_param", "form_text", "ArgumentRefused_field", "defer",
    "lock", "key", "add_column", "execute", "ValueError", "TypeError", "RuntimeError", "KeyError",
    "AssertionError", "NotImplementedError", "LookupError", "open", "read_text", "write_text", "mkdir",
    "date_input", "time_input", "text_input", "toast_id", "dumps", "loads", "fromtimestamp", "cache_key",
    "content_key", "ZoneInfo", "timedelta", "Decimal", "int", "float", "str", "bool", "tuple", "list",
    "dict", "frozenset", "sorted", "any", "all", "print", "hmac", "token_urlsafe", "urlencode", "quote",
}
# Keyword arguments whose string values are text a person reads.
TEXT_KEYWORDS = {
    "placeholder", "aria_label", "title", "label", "description", "message", "text", "heading", "hint",
    "empty", "confirm_label", "cancel_label", "help", "subtitle", "legend", "caption", "tooltip", "body",
    "subject", "empty_text", "empty_title", "action_label", "note", "loading_text", "summary", "alt",
    "confirm_text", "question", "unit", "name_label", "submit_label", "button_label", "intro",
}
CSS_UNIT = re.compile(r"\d(px|rem|em|%|fr|vh|vw|ms|s)\b|^#[0-9a-fA-F]{3,8}$|var\(--|calc\(|rgba?\(")
IDENTIFIER = re.compile(r"^[a-z0-9_\-.:/#%@*=\[\]]+$")


def text_like(value: str) -> bool:
    """Prose a person reads, not a key, CSS value, path, icon name or format code."""
    stripped = value.strip()
    if len(re.findall(r"[A-Za-zčćšžđČĆŠŽĐ]", stripped)) < 2:
        return False
    if stripped.startswith(("/", "http", "mailto:", "tel:", "%", "{", "#", ".", "data:", "^", "$", "@")):
        return False
    if CSS_UNIT.search(stripped) or IDENTIFIER.match(stripped):
        return False
    if all(IDENTIFIER.match(token) and ("-" in token or "_" in token) for token in stripped.split()):
        return False  # a list of class names
    if re.match(r"^[a-z]+/[a-z.+-]+(;|$)", stripped) or stripped.startswith(("document.", "window.", ";")):
        return False  # a media type or a script
    if re.fullmatch(r"[A-Z][A-Z0-9_\-:/ ]+", stripped):  # an enum, setting name or format code
        return False
    if re.search(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM)\b", stripped):
        return False
    if stripped[0].isupper() or " " in stripped:
        return True
    return False


def call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def literal_text(node: ast.AST) -> str | None:
    """The text of a string literal or the literal parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None
