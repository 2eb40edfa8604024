// Footnotes in the post editor, in WordPress's markup: a reference
// <sup data-fn="ID"><a href="#ID" id="ID-link"></a></sup> where the note is cited, and the notes
// in <section class="footnotes"><ol><li id="ID">…</li></ol></section> at the end. The server
// numbers them, adds the back-links and the heading on save (blog/footnotes.py); here they are
// left out when a saved post is loaded, so they are never doubled.
import { Extension, Node } from "django-prose-editor/editor";

const FootnoteReference = Node.create({
  name: "footnoteReference",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return { id: { default: null } };
  },
  parseHTML() {
    return [
      {
        tag: "sup[data-fn]",
        priority: 100, // before the superscript mark
        getAttrs: (element) => ({ id: element.getAttribute("data-fn") }),
      },
    ];
  },
  renderHTML({ node }) {
    const id = node.attrs.id;
    return ["sup", { "data-fn": id, class: "fn" }, ["a", { href: `#${id}`, id: `${id}-link` }]];
  },
});

const FootnoteList = Node.create({
  name: "footnotes",
  group: "block",
  content: "footnote+",
  isolating: true,
  parseHTML() {
    return [{ tag: "section.footnotes" }, { tag: "ol.wp-block-footnotes" }];
  },
  renderHTML() {
    return ["section", { class: "footnotes" }, ["ol", 0]];
  },
});

const Footnote = Node.create({
  name: "footnote",
  content: "paragraph+",
  defining: true,
  isolating: true,
  addAttributes() {
    return { id: { default: null } };
  },
  parseHTML() {
    const getAttrs = (element) => ({ id: element.getAttribute("id") });
    return [
      // What the server adds again on every save.
      { tag: "section.footnotes > h2", ignore: true, priority: 100 },
      { tag: "a.footnote-back", ignore: true, priority: 100 },
      { tag: "section.footnotes > ol", skip: true, priority: 100 },
      { tag: "section.footnotes li[id]", getAttrs, priority: 100 },
      { tag: "ol.wp-block-footnotes > li[id]", getAttrs, priority: 100 },
    ];
  },
  renderHTML({ node }) {
    return ["li", { id: node.attrs.id }, 0];
  },
});

function newId() {
  const random = new Uint32Array(2);
  crypto.getRandomValues(random);
  return `fn-${random[0].toString(36)}${random[1].toString(36)}`;
}

// The reference where the cursor is, its note at the end of the list, and the cursor in it.
function insertFootnote(editor) {
  const { schema } = editor.state;
  const id = newId();
  const tr = editor.state.tr.replaceSelectionWith(schema.nodes.footnoteReference.create({ id }));
  const note = schema.nodes.footnote.create({ id }, schema.nodes.paragraph.create());
  let list = null;
  tr.doc.forEach((node, offset) => {
    if (node.type.name === "footnotes") list = { node, offset };
  });
  let notePos;
  if (list) {
    notePos = list.offset + list.node.nodeSize - 1;
    tr.insert(notePos, note);
  } else {
    tr.insert(tr.doc.content.size, schema.nodes.footnotes.create(null, note));
    notePos = tr.doc.content.size - note.nodeSize - 1;
  }
  editor.view.dispatch(tr);
  editor.chain().focus().setTextSelection(notePos + 2).scrollIntoView().run();
}

export const Footnotes = Extension.create({
  name: "footnotesToolkit",
  addExtensions() {
    return [FootnoteReference, FootnoteList, Footnote];
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "footnote",
      groups: "nodes",
      button: buttons.material("format_list_numbered", "Footnote"),
      command: insertFootnote,
      enabled: (editor) => editor.can().insertContent({ type: "footnoteReference" }),
    });
  },
});
