// The change form's autosave and "who else is editing" (revisions/admin.py). Served from our
// origin; its texts and addresses come from #editing-status's data attributes.
(function () {
  "use strict";
  const status = document.getElementById("editing-status");
  if (!status) return;
  const form = status.closest("form");
  const indicator = status.querySelector(".autosave-indicator");
  const lockNotice = status.querySelector(".lock-notice");
  const texts = status.dataset;
  const autosaveMs = Number(texts.autosaveSeconds) * 1000;
  const heartbeatMs = Number(texts.heartbeatSeconds) * 1000;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let changed = false;
  let sending = false;
  let lastSent = 0;

  function fields() {
    const found = {};
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken") continue;
      (found[name] = found[name] || []).push(value);
    }
    return found;
  }

  function show(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  async function send() {
    if (sending) return;
    sending = true;
    const withFields = changed;
    changed = false;
    try {
      const response = await fetch(texts.autosaveUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify(withFields ? { fields: fields() } : {}),
      });
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      if (answer.saved_at) show(indicator, texts.savedText.replace("%(time)s", answer.saved_at));
      show(lockNotice, answer.others.length ? texts.othersText.replace("%(names)s", answer.others.join(", ")) : "");
    } catch (error) {
      if (withFields) changed = true; // try again on the next beat
      show(indicator, navigator.onLine === false || error instanceof TypeError ? texts.offlineText : texts.failedText);
    } finally {
      sending = false;
      lastSent = Date.now();
    }
  }

  form.addEventListener("input", () => { changed = true; });
  form.addEventListener("change", () => { changed = true; });
  form.addEventListener("submit", () => { changed = false; });
  window.addEventListener("offline", () => show(indicator, texts.offlineText));
  window.addEventListener("online", () => { if (changed) send(); });
  setInterval(() => {
    if (changed || Date.now() - lastSent >= heartbeatMs) send();
  }, autosaveMs);
  send();
})();
