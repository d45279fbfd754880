// Focus for dialogs that the server opens (no Radix trigger to hand focus to or back to).
(() => {
  let last = null;
  let lastLabel = null;
  const inDialog = (el) => el.closest('[role="dialog"], [role="alertdialog"]');
  document.addEventListener("focusin", (event) => {
    if (!inDialog(event.target)) {
      last = event.target;
      lastLabel = event.target.getAttribute("aria-label");
    }
  });
  // Back to what opened the dialog; if the list re-rendered it, to its replacement.
  window.xpRestoreFocus = () => {
    setTimeout(() => {
      const same = lastLabel && document.querySelector(`[aria-label="${CSS.escape(lastLabel)}"]`);
      const target = last && last.isConnected ? last : same || document.getElementById("main");
      if (target) target.focus();
    }, 0);
  };
  // Into a confirmation: its first field, else its first button ("Keep it").
  window.xpFocusConfirmation = () => {
    setTimeout(() => {
      const dialogs = document.querySelectorAll('[role="alertdialog"]');
      const dialog = dialogs[dialogs.length - 1];
      if (!dialog) return;
      const target =
        dialog.querySelector('textarea, input:not([type="hidden"]), select') || dialog.querySelector("button");
      if (target) target.focus();
    }, 0);
  };
})();

// Elements drawn as buttons (role="button" on a div, e.g. the calendar's booking chips) answer
// Enter and Space as a real button does.
document.addEventListener("keydown", (event) => {
  const el = event.target;
  if (!(el instanceof HTMLElement) || el.getAttribute("role") !== "button" || el.tagName === "BUTTON") return;
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    el.click();
  }
});
