"""The "Copy link to this view" field: a labelled read-only text box and a Copy button, in plain HTML.

It replaced an `st.code` block, whose syntax highlighter cost Chromium 0.5–1.3 s of main-thread time on every
first paint. Here: no highlighter, no iframe; a native text box (Tab reaches it, focus selects the whole link,
phones wrap it) and a button that writes the link to the clipboard, saying so in a polite live region. The
script only wires the button; the link itself is the text box's content, so the field works without it.
"""

from __future__ import annotations

import html
import re

FIELD_ID = "view-link"
# The Copy button's colours follow the text (works on light and dark themes); focus shows the app's blue outline.
_STYLE = """<style>
.view-link textarea {box-sizing: border-box; width: 100%; resize: none; font: inherit; font-size: 0.875rem;
  color: inherit; background: transparent; border: 1px solid rgba(128, 128, 128, 0.45); border-radius: 0.5rem;
  padding: 0.375rem 0.5rem; word-break: break-all;}
.view-link button {font: inherit; font-size: 0.875rem; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid rgba(128, 128, 128, 0.45); border-radius: 0.5rem; padding: 0.25rem 0.75rem; min-height: 2.5rem;}
.view-link :is(textarea, button):focus-visible {outline: 2px solid #0072B2; outline-offset: 2px;}
.view-link label {display: block; font-size: 0.875rem; margin-bottom: 0.25rem;}
.view-link .view-link-status {margin-left: 0.5rem; font-size: 0.875rem;}
</style>"""
_SCRIPT = """<script>
(() => {
  const box = document.currentScript.parentElement.querySelector(".view-link");
  const field = box.querySelector("textarea"), status = box.querySelector("[role=status]");
  field.addEventListener("focus", () => field.select());
  box.querySelector("button").addEventListener("click", async () => {
    let copied = true;
    try { await navigator.clipboard.writeText(field.value); }
    catch { field.focus(); field.select(); copied = document.execCommand("copy"); }
    status.textContent = copied ? "Copied." : "Press Ctrl+C (⌘C) to copy the selected link.";
  });
})();
</script>"""
_LINK = re.compile(r'<textarea id="' + FIELD_ID + r'"[^>]*>(.*?)</textarea>', re.S)


def copy_field_html(link: str, label: str = "Link to this view", field_id: str = FIELD_ID) -> str:
    """The field showing `link`, for `st.html(..., unsafe_allow_javascript=True)` (the script wires Copy); another
    field on the same page takes its own `field_id` and `label`."""
    return (f'{_STYLE}<div class="view-link"><label for="{field_id}">{html.escape(label)}</label>'
            f'<textarea id="{field_id}" rows="3" readonly spellcheck="false">{html.escape(link)}</textarea>'
            f'<button type="button">Copy link</button><span class="view-link-status" role="status"></span>'
            f'</div>{_SCRIPT}')


def link_in(body: str) -> str | None:
    """The link a field's HTML shows (None if `body` is not the field): what a reader of the page gets."""
    found = _LINK.search(body)
    return html.unescape(found.group(1)) if found else None
