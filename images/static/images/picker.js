// The media library picker, opened by the post editor's "Browse…" button.
// It answers the editor the way its file picker expects (a CKEditor-style callback).
document.addEventListener("click", (event) => {
  const choice = event.target.closest(".picker-choice");
  const funcNum = new URLSearchParams(window.location.search).get("CKEditorFuncNum");
  if (!choice || !window.opener || !funcNum) return;
  window.opener.CKEDITOR.tools.callFunction(funcNum, choice.dataset.url, {
    id: choice.dataset.id,
    alternative_text: choice.dataset.alt,
    caption: choice.dataset.caption,
  });
  window.close();
});
