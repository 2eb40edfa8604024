// The post form's writing aids, as the author types: reading time of the body, characters in
// the excerpt (and any field marked data-character-count) and in the sharing description link
// previews will show, and only the body the post is written in (rich text or Markdown) on show. Without JavaScript the form works as it is.
(function () {
  "use strict";
  var WORDS_PER_MINUTE = 230; // blog/models.py

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function note(field, className) {
    var output = document.createElement("p");
    output.className = "help writing-aid " + className;
    output.setAttribute("aria-live", "polite");
    field.closest(".form-row, .fieldBox, div").append(output);
    return output;
  }

  function characterCounts() {
    document.querySelectorAll("[data-character-count]").forEach(function (field) {
      var output = note(field, "character-count");
      var shown = Number(field.dataset.characterCount);
      function update() {
        var count = Array.from(field.value).length;
        output.textContent = count + (count === 1 ? " character" : " characters") +
          (shown && count > shown ? " (link previews show the first " + shown + ")" : "");
        output.classList.toggle("over", Boolean(shown && count > shown));
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // The body's editor, in the admin's form or on the writing desk (blog/desk.py).
  var BODY_EDITOR = ".field-body .ProseMirror[contenteditable], .desk-field-body .ProseMirror[contenteditable]";

  // What link previews show (blog/structured_data.py description()): the excerpt, else the
  // body's opening, cut at a word before 300 characters.
  function sharingDescription() {
    var excerpt = document.getElementById("id_excerpt");
    if (!excerpt) return;
    var limit = Number(excerpt.dataset.characterCount) || 300;
    var output = note(excerpt, "sharing-description");
    function update() {
      var editor = document.querySelector(BODY_EDITOR);
      var source = excerpt.value.trim() ? excerpt.value : editor ? editor.innerText : "";
      var text = source.split(/\s+/).join(" ").trim();
      if (Array.from(text).length > limit) {
        text = Array.from(text).slice(0, limit - 1).join("");
        text = text.slice(0, text.lastIndexOf(" ")) + "…";
      }
      output.textContent = "Sharing description, " + Array.from(text).length + " of " + limit +
        " characters: " + (text || "(empty)");
    }
    document.addEventListener("input", update);
    document.addEventListener("keyup", update);
    document.addEventListener("prose-editor:ready", update);
    update();
  }

  function format() {
    var choice = document.getElementById("id_body_format");
    return choice ? choice.value : "html";
  }

  function readingTime() {
    var body = document.getElementById("id_body");
    var markdown = document.getElementById("id_markdown");
    if (!body) return;
    var output = note(body, "reading-time");
    function update() {
      var editor = document.querySelector(BODY_EDITOR);
      var text = format() === "markdown" && markdown ? markdown.value
        : editor ? editor.textContent : body.value.replace(/<[^>]+>/g, " ");
      var count = words(text);
      var minutes = Math.max(1, Math.round(count / WORDS_PER_MINUTE));
      output.textContent = count + " words · about " + minutes + " min read";
    }
    document.addEventListener("input", update);
    document.addEventListener("keyup", update);
    document.addEventListener("prose-editor:ready", update);
    update();
  }

  function oneBodyOnShow() {
    var choice = document.getElementById("id_body_format");
    if (!choice) return;
    function update() {
      var markdown = choice.value === "markdown";
      document.querySelectorAll(".field-body, .desk-field-body").forEach(function (row) { row.hidden = markdown; });
      document.querySelectorAll(".field-markdown, .desk-field-markdown").forEach(function (row) { row.hidden = !markdown; });
    }
    choice.addEventListener("change", update);
    update();
  }

  function start() {
    characterCounts();
    sharingDescription();
    readingTime();
    oneBodyOnShow();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
