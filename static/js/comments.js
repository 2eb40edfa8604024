// Comment form: fills in what a cached page can't carry (CSRF token, fresh anti-spam fields,
// the remembered name and email, edit links for the reader's own comments) and moves the
// form under the comment being replied to.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form[data-state-url]");
  if (!form) return;
  var respond = document.getElementById("respond");
  var home = document.getElementById("respond-home");
  var title = document.querySelector("#reply-title span");
  var cancel = document.getElementById("cancel-reply");

  fetch(form.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) {
      if (!state) return;
      ["csrfmiddlewaretoken", "timestamp", "security_hash"].forEach(function (name) {
        form.elements[name].value = state[name];
      });
      if (state.remembered) {
        ["name", "email", "url"].forEach(function (name) {
          if (!form.elements[name].value) form.elements[name].value = state.remembered[name] || "";
        });
        form.elements.remember.checked = true;
      }
      state.own.forEach(function (pk) {
        var links = document.querySelector('[data-own="' + pk + '"]');
        if (links) links.hidden = false;
      });
    });

  function replyTo(link) {
    var comment = document.getElementById("c" + link.dataset.replyTo);
    comment.querySelector(".comment-body").after(respond);
    form.elements.reply_to.value = link.dataset.replyTo;
    title.textContent = title.dataset.reply + " " + link.dataset.replyName;
    cancel.hidden = false;
    form.elements.comment.focus();
  }

  function cancelReply() {
    home.prepend(respond);
    form.elements.reply_to.value = "0";
    title.textContent = title.dataset.default;
    cancel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (link) {
      event.preventDefault();
      replyTo(link);
    } else if (event.target.closest("#cancel-reply") && home) {
      event.preventDefault();
      cancelReply();
    }
  });
})();
