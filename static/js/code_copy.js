// A "Copy" button on each highlighted code block. The page works without it: the button is
// added here, so readers without JavaScript (or without a clipboard) never see a dead one.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("pre.highlight").forEach(function (block) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the code");
    button.addEventListener("click", function () {
      var code = block.querySelector("code");
      navigator.clipboard.writeText(code ? code.textContent : block.textContent).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Select and copy"; }
      );
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
    block.append(button);
  });
})();
