// What the writing desk keeps of pasted HTML: structure (headings, paragraphs, lists, links,
// emphasis, quotations, tables, code), never fonts, colours, spans, classes or comments.
// Word's lists, which are paragraphs styled as lists, become real lists. The server's
// sanitiser (blog/html.py) enforces the same on whatever reaches it.
"use strict";

window.deskPaste = (() => {
  const DROP = "style, script, meta, link, title, xml, template, iframe, object, embed, input, button, select, textarea";
  const UNWRAP = new Set(["SPAN", "FONT", "DIV", "SECTION", "ARTICLE", "MAIN", "HEADER", "FOOTER", "CENTER", "BIG", "SMALL", "U", "INS", "LABEL"]);
  const KEEP_ATTRIBUTES = {
    A: ["href", "title"],
    IMG: ["src", "alt"],
    OL: ["start"],
    TD: ["colspan", "rowspan"],
    TH: ["colspan", "rowspan"],
    BLOCKQUOTE: ["cite"],
  };
  const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxIVX]+)[.)]\s*/;
  const BULLET_MARKER = /^\s*[·•▪◦o§\-–*]\s*/;

  function isWordListItem(element) {
    return (
      element.tagName === "P" &&
      (/mso-list/i.test(element.getAttribute("style") || "") ||
        /MsoListParagraph/i.test(element.className || ""))
    );
  }

  function removeComments(root) {
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    comments.forEach((comment) => comment.remove());
  }

  // Word writes the bullet or number as text (in a span marked mso-list:Ignore); take it out.
  function takeMarker(item) {
    let ordered = false;
    item.querySelectorAll("span").forEach((span) => {
      if (/mso-list\s*:\s*Ignore/i.test(span.getAttribute("style") || "")) {
        ordered = ORDERED_MARKER.test(span.textContent);
        span.remove();
      }
    });
    const walker = item.ownerDocument.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (!text.data.trim()) continue;
      for (const [pattern, isOrdered] of [[ORDERED_MARKER, true], [BULLET_MARKER, false]]) {
        const match = text.data.match(pattern);
        if (match && text.data.length > match[0].length) {
          text.data = text.data.slice(match[0].length);
          ordered = ordered || isOrdered;
          break;
        }
      }
      break;
    }
    return ordered;
  }

  function convertWordLists(root) {
    const doc = root.ownerDocument;
    [...root.querySelectorAll("p")].filter(isWordListItem).forEach((paragraph) => {
      if (!paragraph.isConnected) return;
      const ordered = takeMarker(paragraph);
      const previous = paragraph.previousElementSibling;
      let list = previous && previous.dataset && previous.dataset.wordList ? previous : null;
      if (!list) {
        list = doc.createElement(ordered ? "ol" : "ul");
        list.dataset.wordList = "1";
        paragraph.before(list);
      }
      const item = doc.createElement("li");
      item.append(...paragraph.childNodes);
      list.append(item);
      paragraph.remove();
    });
  }

  function unwrap(element) {
    element.replaceWith(...element.childNodes);
  }

  function clean(element) {
    [...element.children].forEach(clean);
    const tag = element.tagName;
    const style = element.getAttribute("style") || "";
    // Google Docs wraps a whole document in <b style="font-weight:normal">.
    if ((tag === "B" || tag === "STRONG") && /font-weight\s*:\s*(normal|400)/i.test(style)) {
      unwrap(element);
      return;
    }
    if (tag.includes(":") || UNWRAP.has(tag)) {
      unwrap(element);
      return;
    }
    if (tag === "H1") {
      const heading = element.ownerDocument.createElement("h2");
      heading.append(...element.childNodes);
      element.replaceWith(heading);
      return;
    }
    if (tag === "H5" || tag === "H6") {
      const heading = element.ownerDocument.createElement("h4");
      heading.append(...element.childNodes);
      element.replaceWith(heading);
      return;
    }
    const keep = KEEP_ATTRIBUTES[tag] || [];
    [...element.attributes].forEach((attribute) => {
      if (!keep.includes(attribute.name)) element.removeAttribute(attribute.name);
    });
  }

  function cleanHTML(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const body = doc.body;
    removeComments(body);
    body.querySelectorAll(DROP).forEach((element) => element.remove());
    convertWordLists(body);
    [...body.children].forEach(clean);
    // A paragraph Word leaves empty but for a non-breaking space is no paragraph.
    body.querySelectorAll("p").forEach((p) => {
      if (!p.textContent.replace(/\u00a0/g, " ").trim() && !p.querySelector("img")) p.remove();
    });
    return body.innerHTML;
  }

  return { cleanHTML };
})();
