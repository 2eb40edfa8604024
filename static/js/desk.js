// The writing desk (blog/desk.py): the editor's body in the theme's type, a word count, the
// slug following a draft's title, the publishing choices, shortcuts, and images pasted or
// dropped into the body going to the media library with their alt text.
"use strict";

(() => {
  const form = document.querySelector(".desk-layout")?.closest("form");
  if (!form) return;
  const layout = form.querySelector(".desk-layout");
  const bar = form.querySelector(".desk-bar");
  const count = form.querySelector(".desk-count");
  const publishButton = form.querySelector("[data-publish]");
  const saveButton = form.querySelector("[data-save]");
  const dialog = document.getElementById("desk-image-dialog");

  // The toolbar and the side panel sit below the sticky bar, whatever its height.
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--desk-bar-height", `${bar.offsetHeight}px`);
  }).observe(bar);

  // The slug follows the title while the post is a draft, unless the writer has changed it.
  const title = form.querySelector("#id_title");
  const slug = form.querySelector("#id_slug");
  if (title && slug && layout.hasAttribute("data-slug-follows-title") && window.URLify) {
    const slugOf = (text) => window.URLify(text, Number(slug.maxLength) > 0 ? slug.maxLength : 200, true);
    let following = !slug.value || slug.value === slugOf(title.value);
    slug.addEventListener("input", () => { following = false; });
    title.addEventListener("input", () => { if (following) slug.value = slugOf(title.value); });
  }

  // "Publish now" or "Schedule": the date shows when scheduling, and the button says which.
  const dateRow = form.querySelector(".desk-field-publish_at");
  const whenInputs = [...form.querySelectorAll("input[name=desk_when]")];
  function scheduledDate() {
    const day = form.querySelector("#id_publish_at_0")?.value;
    const time = form.querySelector("#id_publish_at_1")?.value || "00:00";
    if (!day) return null;
    const date = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  function showWhen() {
    const scheduling = whenInputs.find((input) => input.checked)?.value === "schedule";
    if (dateRow && whenInputs.length) dateRow.hidden = !scheduling;
    if (!publishButton) return;
    const date = scheduledDate();
    if (scheduling && date && date > new Date()) {
      const when = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      publishButton.textContent = publishButton.dataset.labelSchedule.replace("%(when)s", when);
    } else {
      publishButton.textContent = publishButton.dataset.labelNow;
    }
  }
  whenInputs.forEach((input) => input.addEventListener("change", showWhen));
  dateRow?.addEventListener("input", showWhen);
  dateRow?.addEventListener("change", showWhen);
  if (whenInputs.length) showWhen();

  // The admin's autocomplete boxes (select2) don't take their field's label: give it to them.
  function labelAutocompletes() {
    form.querySelectorAll(".desk-panel select.admin-autocomplete").forEach((select) => {
      const label = form.querySelector(`label[for="${select.id}"]`);
      const box = select.nextElementSibling;
      if (!label || !box?.classList.contains("select2")) return;
      label.id ||= `${select.id}_label`;
      box.querySelectorAll(".select2-selection, [role=textbox], .select2-search__field")
        .forEach((element) => element.setAttribute("aria-labelledby", label.id));
    });
  }
  window.addEventListener("load", labelAutocompletes);
  form.addEventListener("change", labelAutocompletes);

  // Taking a post off the site asks first.
  const status = form.querySelector("#id_status");
  const statusAtLoad = status?.value;
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[type=submit]");
    if (!button) return;
    let question = button.dataset.confirm;
    const unpublishing = status && statusAtLoad !== "draft" && status.value === "draft";
    if (!question && button.value === "update" && unpublishing) {
      question = form.querySelector(".desk-unpublish [data-confirm]")?.dataset.confirm;
    }
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Ctrl (or ⌘) S saves; K (a link), B, I and Shift-B (a quotation) are the editor's own.
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (event.key.toLowerCase() === "s") {
      event.preventDefault();
      saveButton?.click();
    }
  });

  // The body: the theme's type, its length while typing, pasting and dropping.
  function wordsOf(editor) {
    const text = editor.getText({ blockSeparator: " " }).trim();
    return text ? text.split(/\s+/).length : 0;
  }
  function showCount(editor) {
    if (!count) return;
    const words = wordsOf(editor);
    const minutes = Math.max(1, Math.round(words / Number(count.dataset.wordsPerMinute || 230)));
    const wordsText = words === 1 ? "1 word" : `${words.toLocaleString()} words`;
    count.textContent = `${wordsText} · ${minutes} min read`;
  }

  function imageFiles(transfer) {
    return [...(transfer?.files || [])].filter((file) => file.type.startsWith("image/"));
  }

  let pending = null; // {editor, file, position} while the dialog asks for the alt text
  function askForAltText(editor, file, position) {
    pending = { editor, file, position };
    const dialogForm = dialog.querySelector("form");
    dialogForm.reset();
    dialog.querySelector(".desk-image-error").textContent = "";
    const preview = dialog.querySelector(".desk-image-preview");
    preview.removeAttribute("src");
    const reader = new FileReader(); // a data: URL, which the admin's CSP allows for images
    reader.addEventListener("load", () => { preview.src = reader.result; });
    reader.readAsDataURL(file);
    dialog.showModal();
    dialog.querySelector("#desk-image-alt").focus();
  }

  function figureHTML(image, caption) {
    const figure = document.createElement("figure");
    figure.className = "figure";
    const img = document.createElement("img");
    img.src = image.src;
    img.alt = image.alt;
    img.dataset.file = image.id;
    figure.append(img);
    if (caption) {
      const figcaption = document.createElement("figcaption");
      figcaption.textContent = caption;
      figure.append(figcaption);
    }
    return figure.outerHTML;
  }

  async function upload(event) {
    if (event.submitter?.value !== "insert" || !pending) return; // Cancel closes the dialog
    event.preventDefault();
    const alt = dialog.querySelector("#desk-image-alt").value.trim();
    const decorative = dialog.querySelector("#desk-image-decorative").checked;
    const caption = dialog.querySelector("#desk-image-caption").value.trim();
    const error = dialog.querySelector(".desk-image-error");
    if (!alt && !decorative) {
      error.textContent = "Describe the image for readers who can't see it, or mark it decorative.";
      dialog.querySelector("#desk-image-alt").focus();
      return;
    }
    const data = new FormData();
    data.append("files", pending.file, pending.file.name || "pasted-image.png");
    data.append("alt_text", alt);
    if (decorative) data.append("decorative", "on");
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    error.textContent = "Uploading…";
    let answer;
    try {
      const response = await fetch(dialog.dataset.uploadUrl, {
        method: "POST", body: data, headers: { "X-CSRFToken": token }, credentials: "same-origin",
      });
      const isJSON = response.headers.get("Content-Type")?.includes("application/json");
      answer = isJSON ? await response.json() : {};
      if (!response.ok) {
        throw new Error((answer.errors || []).join(" ") || `${response.status} ${response.statusText}`);
      }
    } catch (failure) {
      error.textContent = `The image was not uploaded: ${failure.message}`;
      return;
    }
    const { editor, position } = pending;
    pending = null;
    dialog.close();
    const html = figureHTML({ ...answer, alt: decorative ? "" : alt }, caption);
    const chain = editor.chain().focus();
    (position == null ? chain.insertContent(html) : chain.insertContentAt(position, html)).run();
  }
  dialog?.querySelector("form").addEventListener("submit", upload);
  dialog?.addEventListener("close", () => {
    if (pending) pending.editor.commands.focus();
    pending = null;
  });

  function bodyLabel() {
    const label = form.querySelector(".desk-field-body label");
    if (!label) return "";
    label.id ||= "desk-body-label";
    return label.id;
  }

  function setUp(editor) {
    if (editor.deskReady || !editor.options.element.closest(".desk-main")) return;
    editor.deskReady = true;
    const props = editor.options.editorProps || {};
    editor.setOptions({
      editorProps: {
        ...props,
        attributes: { ...(props.attributes || {}), class: "entry-content", "aria-labelledby": bodyLabel() },
        transformPastedHTML: (html) => window.deskPaste.cleanHTML(html),
        handlePaste: (view, event) => {
          const files = imageFiles(event.clipboardData);
          const html = event.clipboardData?.getData("text/html") || "";
          const htmlHasText = html && new DOMParser().parseFromString(html, "text/html").body.textContent.trim();
          if (!files.length || htmlHasText || !dialog) return false;
          askForAltText(editor, files[0], null);
          return true;
        },
        handleDrop: (view, event, slice, moved) => {
          const files = imageFiles(event.dataTransfer);
          if (moved || !files.length || !dialog) return false;
          event.preventDefault();
          const place = view.posAtCoords({ left: event.clientX, top: event.clientY });
          askForAltText(editor, files[0], place ? place.pos : null);
          return true;
        },
      },
    });
    editor.on("update", () => showCount(editor));
    showCount(editor);
  }

  document.addEventListener("prose-editor:ready", (event) => setUp(event.detail.editor));
  // An editor made before this script ran: TipTap keeps itself on its element.
  form.querySelectorAll(".desk-main .ProseMirror").forEach((element) => {
    if (element.editor) setUp(element.editor);
  });
})();
