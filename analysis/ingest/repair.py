"""Text that was decoded wrongly before it reached the user ("mojibake"), repaired on load.

A page saved as UTF-8, read as Windows-1252 or Latin-1 and saved again turns "Trump’s" into
"Trumpâ€™s" or "Trumpâ\\x80\\x99s"; names glued to such debris are not found. ftfy (a library made
for exactly this; MIT) undoes the wrong round trip. Only its encoding repair runs here: quotes stay
curly, HTML entities, ligatures, widths and line breaks are left as they are, so a text without
mojibake comes back unchanged. The repaired text is the document's text from then on (every
offset points into it); what was done is recorded per document.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["repair_text"]


@lru_cache(maxsize=1)
def _config():  # type: ignore[no-untyped-def]  # ftfy.TextFixerConfig, imported on first use
    """ftfy's configuration with only the encoding repair switched on."""
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def repair_text(text: str) -> tuple[str, str]:
    """The text with its mojibake undone, and what was done ("" when nothing was changed; else
    ftfy's steps, e.g. "encode sloppy-windows-1252, decode utf-8").

    ASCII text is returned at once: it cannot hold mojibake.
    """
    if text.isascii():
        return text, ""
    from ftfy import fix_and_explain

    fixed = fix_and_explain(text, config=_config())
    if fixed.text == text:
        return text, ""
    steps = ", ".join(f"{a} {b}" for a, b in (fixed.explanation or []))
    return fixed.text, steps or "repaired"
