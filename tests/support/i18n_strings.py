"""Which string literals in xplorium/ are user-facing text (tests/test_i18n.py)."""

import ast
import re

# Calls whose string arguments are never user-facing text.
NON_TEXT_CALLS = {
    "icon",
    "color",
    "breakpoints",
    "call_script",
    "redirect",
    "script",
    "download",
    "get",
    "getattr",
    "setattr",
    "hasattr",
    "isinstance",
    "startswith",
    "endswith",
    "split",
    "rsplit",
    "replace",
    "join",
    "strip",
    "rstrip",
    "lstrip",
    "removesuffix",
    "removeprefix",
    "strftime",
    "strptime",
    "fromisoformat",
    "info",
    "warning",
    "error_log",
    "debug",
    "exception",
    "critical",
    "get_logger",
    "getLogger",
    "bind",
    "text_sql",
    "Field",
    "Column",
    "column",
    "CheckConstraint",
    "Index",
    "ForeignKey",
    "where",
    "filter",
    "label_",
    "order_by",
    "Path",
    "environ",
    "getenv",
    "compile",
    "match",
    "search",
    "sub",
    "fullmatch",
    "findall",
    "encode",
    "decode",
    "hexdigest",
    "sha256",
    "new",
    "cast",
    "to",
    "contains",
    "var",
    "Var",
    "create",
    "set_cookie",
    "delete_cookie",
    "Cookie",
    "LocalStorage",
    "Route",
    "Middleware",
    "lower",
    "upper",
    "format_date",
    "format_decimal",
    "format_skeleton",
    "localized",
    "page_href",
    "N_",
    "_",
    "ngettext",
    "use_locale",
    "header",
    "set",
    "pop",
    "setdefault",
    "index",
    "count",
    "find",
    "partition",
    "sa_text",
    "func",
    "literal",
    "cookie",
    "query_param",
    "form_text",
    "ArgumentRefused_field",
    "defer",
    "lock",
    "key",
    "add_column",
    "execute",
    "ValueError",
    "TypeError",
    "RuntimeError",
    "KeyError",
    "AssertionError",
    "NotImplementedError",
    "LookupError",
    "open",
    "read_text",
    "write_text",
    "mkdir",
    "date_input",
    "time_input",
    "text_input",
    "toast_id",
    "dumps",
    "loads",
    "fromtimestamp",
    "cache_key",
    "content_key",
    "ZoneInfo",
    "timedelta",
    "Decimal",
    "int",
    "float",
    "str",
    "bool",
    "tuple",
    "list",
    "dict",
    "frozenset",
    "sorted",
    "any",
    "all",
    "print",
    "hmac",
    "token_urlsafe",
    "urlencode",
    "quote",
}
# Keyword arguments whose string values are text a person reads.
TEXT_KEYWORDS = {
    "placeholder",
    "aria_label",
    "title",
    "label",
    "description",
    "message",
    "text",
    "heading",
    "hint",
    "empty",
    "confirm_label",
    "cancel_label",
    "help",
    "subtitle",
    "legend",
    "caption",
    "tooltip",
    "body",
    "subject",
    "empty_text",
    "empty_title",
    "action_label",
    "note",
    "loading_text",
    "summary",
    "alt",
    "confirm_text",
    "question",
    "unit",
    "name_label",
    "submit_label",
    "button_label",
    "intro",
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
    return stripped[0].isupper() or " " in stripped


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


# Modules whose literals are data or machine-readable, not text for a person.
DATA_MODULES = {"demo_data.py", "health.py", "ratelimit.py"}
# Where a literal is treated as text outside a component call (services and states build
# messages in dicts, return values and assignments).
MESSAGE_PACKAGES = ("services", "state", "jobs")


def _parents(tree: ast.AST) -> dict:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _docstrings(tree: ast.AST) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(first.value)
    return found


def _shown(node: ast.AST, parents: dict, package: str) -> bool:
    """Whether a literal sits where text is shown: a component's child or text keyword,
    an rx.match label, or (in services and states) a message being built."""
    parent = parents.get(node)
    if isinstance(parent, ast.Call):
        return node in parent.args and call_name(parent) not in NON_TEXT_CALLS
    if isinstance(parent, ast.keyword):
        call = parents.get(parent)
        return (
            parent.arg in TEXT_KEYWORDS
            and isinstance(call, ast.Call)
            and call_name(call) not in NON_TEXT_CALLS
        )
    if isinstance(parent, ast.Tuple):
        call = parents.get(parent)
        if isinstance(call, ast.Call) and call_name(call) == "match":  # rx.match(v, ("KEY", "Label"))
            return len(parent.elts) == 2 and parent.elts[-1] is node
    if isinstance(parent, ast.IfExp) and node is not parent.test:
        return _shown(parent, parents, package)
    if isinstance(parent, ast.arguments) and package in ("pages", "components"):
        return True  # a default label, e.g. def card(label: str = "Book")
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add):  # "Text " + var
        return _shown(parent, parents, package)
    if isinstance(parent, (ast.Tuple, ast.List)):
        return True  # a table of texts (labels, headers, sections), e.g. (("Why", "To run ..."), ...)
    if package in MESSAGE_PACKAGES:
        if isinstance(parent, ast.Dict) and node in parent.values:
            return True
        if isinstance(parent, (ast.Return, ast.List)):
            return True
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
            return True
    return False


def _marked(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and call_name(node) in ("_", "N_", "ngettext"):
            return True
    return False


def unmarked_strings(source: str, package: str) -> list[tuple[int, str]]:
    """(line, text) of every user-facing literal that does not go through _() / N_()."""
    tree = ast.parse(source)
    parents, docstrings = _parents(tree), _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        text = literal_text(node)
        if (
            text is None
            or node in docstrings
            or isinstance(parents.get(node), (ast.JoinedStr, ast.FormattedValue))
        ):
            continue
        if text_like(text) and _shown(node, parents, package) and not _marked(node, parents):
            found.append((node.lineno, text))
    return found
