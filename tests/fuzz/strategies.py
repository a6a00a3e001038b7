"""Inputs the fuzz tests draw from: markup-ish text, Vietnamese text, bytes."""

from __future__ import annotations

from hypothesis import strategies as st

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ"
)
TAGS = ["div", "p", "article", "h1", "span", "a", "img", "br", "table", "td", "script", "b", "li"]

words = st.text(alphabet=VIETNAMESE + " .,:;!?()\"'-0123456789\n", min_size=0, max_size=80)


@st.composite
def html_fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Markup made of real tags, attributes, text and damage (unclosed tags,
    stray end tags, comments, entities)."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["text", "element", "damage", "element"]))
        if kind == "text":
            parts.append(draw(words))
        elif kind == "element" and depth < 6:
            tag = draw(st.sampled_from(TAGS))
            attrs = draw(
                st.sampled_from(
                    ["", ' class="content"', ' id="main"', ' href="/tin/1.html"', ' src="a.jpg"']
                )
            )
            inner = draw(html_fragments(depth + 1))
            closed = draw(st.booleans())
            parts.append(f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else ""))
        else:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "</div>",
                            "<!--",
                            "-->",
                            "&amp;",
                            "&#x1ec7;",
                            "&bogus;",
                            "<",
                            ">",
                            "<p",
                            "<![CDATA[",
                            "<?xml?>",
                            "\x00",
                            "\ufffd",
                            "<meta charset='tcvn3'>",
                        ]
                    )
                )
            )
    return "".join(parts)


@st.composite
def pages(draw: st.DrawFn) -> str:
    title = draw(words)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{draw(html_fragments())}</body></html>"
    )


@st.composite
def mutations(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` damaged a few times: bytes changed, cut out, repeated or
    inserted, or the whole cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)
