"""`return_methods:` — how a customer may hand a return over: by mail, at a drop-off point, in a store.

    return_methods:
      mail: {}                                     # post the parcel with the printed label
      drop_off: {where: "any DHL parcel shop"}     # hand it in with the label, no packing slip
      in_store: {when: {categories: [apparel]}, where: "any ReturnDesk store"}

`when` narrows a method to some lines (every line of a parcel must match); `label: false` says the
method needs no printed label (in store, the default there). A policy without the section offers
mail only, as before this section existed.
"""

from __future__ import annotations

from ..kit.yamlnodes import Y
from .rules import RuleReader
from .schema import ReturnMethod

RETURN_METHOD_KINDS = ("mail", "drop_off", "in_store")
NEEDS_LABEL = {"mail": True, "drop_off": True, "in_store": False}


DEFAULT_RETURN_METHODS = (ReturnMethod("mail", needs_label=True),)


def read_return_methods(node: Y, rules: RuleReader) -> tuple[ReturnMethod, ...]:
    out = []
    for kind, value in node.items():
        if kind not in RETURN_METHOD_KINDS:
            value.fail(f'unknown return method "{kind}"; expected one of: {", ".join(RETURN_METHOD_KINDS)}')
        fields = value.fields(set(), {"when", "where", "label"})
        out.append(
            ReturnMethod(
                kind=kind,
                needs_label=fields["label"].flag() if "label" in fields else NEEDS_LABEL[kind],
                when=rules.match(fields["when"]) if "when" in fields else None,
                where=fields["where"].text() if "where" in fields else None,
            )
        )
    if not out:
        node.fail("offer at least one return method (mail, drop_off or in_store), or leave the section out")
    return tuple(out)
