// Pasting Markdown into the post editor: plain text that looks like Markdown (headings, lists,
// fenced code, tables, links, emphasis) is converted by the server, with the same library and
// sanitiser as posts written in Markdown, and inserted as rich text.
import { Extension, Plugin } from "django-prose-editor/editor";

const LOOKS_LIKE_MARKDOWN =
  /^(#{1,6} |[-*+] |\d+\. |> |```|~~~|\|.*\|\s*$)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)/m;

function csrfToken() {
  const field = document.querySelector("[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

export const MarkdownPaste = Extension.create({
  name: "markdownPaste",
  addOptions() {
    return { url: null };
  },
  addProseMirrorPlugins() {
    const editor = this.editor;
    const url = this.options.url;
    return [
      new Plugin({
        props: {
          handlePaste(view, event) {
            const data = event.clipboardData;
            if (!url || !data || data.types.includes("text/html")) return false;
            const text = data.getData("text/plain");
            if (!LOOKS_LIKE_MARKDOWN.test(text)) return false;
            const { from, to } = view.state.selection;
            fetch(url, {
              method: "POST",
              credentials: "same-origin",
              headers: { "X-CSRFToken": csrfToken() },
              body: new URLSearchParams({ markdown: text }),
            })
              .then((response) => (response.ok ? response.text() : Promise.reject(response)))
              .then((html) => editor.chain().focus().insertContentAt({ from, to }, html).run())
              .catch(() => editor.chain().focus().insertContentAt({ from, to }, text).run());
            return true;
          },
        },
      }),
    ];
  },
});
