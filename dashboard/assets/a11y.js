/* Accessibility repairs around Dash 4's own components (the markup they render, not ours).
 *
 * 1. dcc.RadioItems / dcc.Checklist render native radio/checkbox inputs inside <label role="option">
 *    inside <div role="listbox">: a listbox of options that each hold a focusable input (axe:
 *    nested-interactive, aria-input-field-name, aria-allowed-role). The inputs already behave as a
 *    radio group (Tab in, arrow keys move), so the group becomes a named radiogroup / group and the
 *    option roles go.
 * 2. dcc.Dropdown (Dash 4.4; not 4.1) puts a focusable <input aria-hidden="true"> before its trigger
 *    button, a proxy for Safari, which skips buttons when tabbing by default (axe: aria-hidden-focus).
 *    The proxy leaves the tab order and the button, which is the real control, joins it.
 * 3. Text in the other language (quotes in AG Grid cells with the class "text-zh") gets its lang.
 * 4. Every control writes the URL and the page re-renders from it. Where Dash replaces the focused control
 *    with a new copy (Dash 4.2-4.4 remount what a callback returns, plotly/dash#3846; 4.1 updates in
 *    place), keyboard focus would fall back to <body> (the top of the page) after each choice. The new
 *    copy of the control (same id, or same radio name and value) gets the focus back.
 * 5. The skip link moves focus to <main> without writing "#main-content" into the URL (which every
 *    control would then carry along into shared links).
 *
 * React re-renders reset some of these attributes, so a MutationObserver repeats the repairs.
 */
(function () {
  "use strict";

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function labelIdFor(el) {
    if (!el.id) return null;
    var label = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    var fieldset = el.closest("fieldset");
    if (!label && fieldset) label = fieldset.querySelector("legend");  // a group under its legend
    if (!label) return null;
    if (!label.id) label.id = el.id + "-label";
    return label.id;
  }

  function inDropdown(el) {
    // an open dcc.Dropdown's list stays a listbox: its trigger announces one (aria-haspopup="listbox")
    return !!el.closest(".dash-dropdown-content");
  }

  function repairOptionLists(root) {
    root.querySelectorAll('.dash-options-list[role="listbox"]').forEach(function (list) {
      if (inDropdown(list)) return;
      var radios = list.querySelector('input[type="radio"]');
      set(list, "role", radios ? "radiogroup" : "group");
      var labelId = labelIdFor(list);
      if (labelId) set(list, "aria-labelledby", labelId);
    });
    root.querySelectorAll('.dash-options-list-option[role="option"], .dash-options-list-option[aria-selected]')
      .forEach(function (option) {
        if (inDropdown(option)) return;
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
  }

  function repairDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (proxy) {
      set(proxy, "tabindex", "-1");
      var button = proxy.nextElementSibling;
      if (button && button.classList.contains("dash-dropdown") && !button.disabled) set(button, "tabindex", "0");
    });
    // The open list (a dialog holding a listbox) gets the control's label as its name (axe: aria-dialog-name,
    // aria-input-field-name). Its options still hold inputs (nested-interactive): see test_accessibility.py.
    root.querySelectorAll(".dash-dropdown[aria-controls]").forEach(function (button) {
      var popup = document.getElementById(button.getAttribute("aria-controls"));
      var labelId = labelIdFor(button);
      if (!popup) return;
      if (labelId) {
        set(popup, "aria-labelledby", labelId);
        popup.querySelectorAll('[role="listbox"]').forEach(function (list) { set(list, "aria-labelledby", labelId); });
      }
    });
  }

  function markLanguages(root) {
    root.querySelectorAll(".text-zh:not([lang])").forEach(function (el) { el.setAttribute("lang", "zh-Hans"); });
  }

  var lastControl = null;  // {selector, element} of the control that last had keyboard focus

  function controlSelector(el) {
    if (el.closest(".dash-dropdown-content")) return null;  // an open dropdown's list: keep its trigger
    if (el.id) return "#" + CSS.escape(el.id);
    if (el.name && el.value !== undefined && el.matches("input")) {
      return 'input[name="' + CSS.escape(el.name) + '"][value="' + CSS.escape(el.value) + '"]';
    }
    return null;
  }

  function rememberFocus(event) {
    var selector = controlSelector(event.target);
    if (selector) lastControl = {selector: selector, element: event.target};
  }

  function restoreFocus() {
    if (!lastControl || lastControl.element.isConnected) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    var again = document.querySelector(lastControl.selector);
    if (again) {
      lastControl.element = again;
      again.focus({preventScroll: true});
    }
  }

  function repair() {
    repairOptionLists(document);
    repairDropdowns(document);
    markLanguages(document);
    restoreFocus();
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    // after React has finished this render, before the browser paints
    Promise.resolve().then(function () { scheduled = false; repair(); });
  }

  function skipToMain(event) {
    var link = event.target.closest && event.target.closest(".skip-link");
    var main = link && document.querySelector(link.getAttribute("href"));
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  }

  function start() {
    document.addEventListener("focusin", rememberFocus);
    document.addEventListener("click", skipToMain);
    repair();
    new MutationObserver(schedule).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected", "tabindex"],
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
