// Keyboard walk helpers for tests/browser/test_accessibility.py, installed as window.__a11y.
//
// tag(): marks every enabled control in the main area and the sidebar (sliders, radios, toggles and checkboxes,
// text boxes, select boxes, Streamlit buttons) with data-a11y-control and lists them; a radio group is one control,
// because Tab enters a group once and the arrow keys move inside it.
// step(): called after each Tab. Returns the control now focused (if any) and, for each element whose widget focus
// has just left, the focus indicators that went away: an outline, a box-shadow or a border colour on a visible
// element of its widget. Comparing the focused and the unfocused styles of the same elements means a ring that is
// always there does not count, and an outline on a visually hidden input (Streamlit's radios) does not either.
(() => {
  const PROPS = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow",
                 "borderTopColor", "borderRightColor", "borderBottomColor", "borderLeftColor"];
  const REGIONS = '[data-testid="stMain"], [data-testid="stSidebar"]';
  const CONTROLS = 'input, textarea, button[data-testid^="stBaseButton"]';

  const transparent = (colour) => colour === "transparent" || /rgba\(.*,\s*0\)$/.test(colour);

  function visible(el) {
    const r = el.getBoundingClientRect();
    let [x0, y0, x1, y1] = [r.left, r.top, r.right, r.bottom];
    let opacity = 1;
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === "none" || s.visibility === "hidden") return false;
      opacity *= parseFloat(s.opacity);
      const clips = s.overflow !== "visible" || s.clipPath !== "none" || (s.clip && s.clip !== "auto");
      if (a !== el && clips) {
        const q = a.getBoundingClientRect();
        [x0, y0, x1, y1] = [Math.max(x0, q.left), Math.max(y0, q.top), Math.min(x1, q.right), Math.min(y1, q.bottom)];
      }
    }
    return opacity > 0.2 && x1 - x0 >= 2 && y1 - y0 >= 2;
  }

  function widget(el) {
    return el.closest('[data-testid="stElementContainer"]') || el.parentElement || el;
  }

  function labelOf(el) {
    const root = widget(el);
    const label = root.querySelector('[data-testid="stWidgetLabel"]');
    const text = el.getAttribute("aria-label") || (label && label.innerText) || el.innerText || el.value || "";
    return text.replace(/\s+/g, " ").trim().slice(0, 60);
  }

  function kindOf(el) {
    if (el.getAttribute("role") === "combobox") return "select box";
    if (el.tagName === "BUTTON") return "button";
    if (el.tagName === "TEXTAREA") return "text box";
    return {range: "slider", radio: "radio", checkbox: "toggle/checkbox"}[el.type] || "text box";
  }

  function snapshot(els) {
    return els.map((el) => {
      const s = getComputedStyle(el);
      return {style: PROPS.map((p) => s[p]), visible: visible(el)};
    });
  }

  function indicators(before, after, els) {
    // `before` is the focused state, `after` the unfocused one.
    const found = [];
    els.forEach((el, k) => {
      if (!before[k].visible) return;
      const [f, u] = [before[k].style, after[k].style];
      const [style, width, colour, shadow] = f;
      if (style !== "none" && parseFloat(width) >= 1 && !transparent(colour)
          && (style !== u[0] || width !== u[1] || colour !== u[2])) found.push(`outline ${style} ${width} ${colour}`);
      if (shadow !== "none" && shadow !== u[3]) found.push(`box-shadow ${shadow}`);
      for (let side = 4; side < 8; side++) {
        if (f[side] !== u[side] && !transparent(f[side])) { found.push(`border colour ${f[side]}`); break; }
      }
    });
    return found;
  }

  // Elements focused and not yet left: a widget keeps a focus-within style (a number box's border) while focus
  // moves to its own +/- buttons, so an element counts as left once focus is outside its widget.
  let pending = [];
  window.__a11y = {
    tag() {
      // Compare end states: a focus ring that fades in over 200 ms would read as "no change" right after Tab.
      const still = document.createElement("style");
      still.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
      document.head.appendChild(still);
      const seen = new Map();
      document.querySelectorAll(REGIONS).forEach((region) => region.querySelectorAll(CONTROLS).forEach((el) => {
        if (el.disabled || el.type === "hidden" || el.type === "file") return;
        if (!el.closest('[data-testid="stElementContainer"]') || el.closest(".modebar")) return;   // widgets only
        if (!widget(el).checkVisibility()) return;
        // No area, nothing to see or click: Streamlit can leave such a copy of a widget in the page while it redraws.
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) return;
        const kind = kindOf(el);
        const group = kind === "radio" ? `radio ${el.name}` : `${kind} ${seen.size}`;
        el.dataset.a11yControl = group;
        if (!seen.has(group)) {
          const label = kind === "radio"
            ? labelOf(el.closest('[role="radiogroup"]') || el) : labelOf(el);
          seen.set(group, {group, kind, label});
        }
      }));
      pending = [];
      return [...seen.values()];
    },
    step() {
      const el = document.activeElement;
      const atBody = !el || el === document.body;
      const left = [];
      pending = pending.filter((record) => {
        if (!atBody && record.root.contains(el)) return true;
        left.push({group: record.group, label: record.label,
                   indicators: indicators(record.focused, snapshot(record.els), record.els)});
        return false;
      });
      if (atBody) return {focused: null, atBody, left};
      const group = el.dataset.a11yControl || null;
      if (!group) return {focused: null, atBody, label: labelOf(el), left};   // e.g. a chart's toolbar button
      const root = widget(el);
      const els = [root, ...root.querySelectorAll("*")].slice(0, 400);
      pending.push({root, els, focused: snapshot(els), group, label: labelOf(el)});
      return {focused: group, atBody, label: labelOf(el), left};
    },
  };
})();
