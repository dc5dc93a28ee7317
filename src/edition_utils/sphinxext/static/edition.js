// Reliability badges: a tap (or Enter/Space) toggles the explanation, Escape closes it. Hover and focus are CSS.
document.addEventListener("click", (event) => {
  const badge = event.target.closest(".edition-flag");
  document.querySelectorAll('.edition-flag[aria-expanded="true"]').forEach((b) => {
    if (b !== badge) b.setAttribute("aria-expanded", "false");
  });
  if (badge) badge.setAttribute("aria-expanded", badge.getAttribute("aria-expanded") === "true" ? "false" : "true");
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    document.querySelectorAll('.edition-flag[aria-expanded="true"]').forEach((b) => b.setAttribute("aria-expanded", "false"));
  }
});
