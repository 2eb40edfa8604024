// Comment dates: the server renders only the exact date, because cached pages are served for
// a day; the relative age ("3 hours ago") is worked out here, in the page's language.
(function () {
  "use strict";
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
    ["hour", 3600], ["minute", 60], ["second", 1]];
  var format;
  try {
    format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: "auto" });
  } catch (error) {
    format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  }

  function age(date) {
    // Never "in 3 seconds": a reader's clock may run a little behind the server's.
    var seconds = Math.min(0, Math.round((date.getTime() - Date.now()) / 1000));
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1] || units[i][1] === 1) {
        return format.format(Math.round(seconds / units[i][1]), units[i][0]);
      }
    }
  }

  function show(time) {
    var date = new Date(time.getAttribute("datetime"));
    if (isNaN(date)) return;
    var span = time.parentNode.nextElementSibling;
    if (!span || !span.classList.contains("comment-age")) {
      span = document.createElement("span");
      span.className = "comment-age";
      time.parentNode.after(span);
    }
    span.textContent = age(date);
  }

  // Only the dates a reader can see are worked out, as they come into view: a long thread
  // would otherwise keep the page busy at load, date by date.
  var times = document.querySelectorAll(".comment-permalink time[datetime]");
  if (!window.IntersectionObserver) {
    times.forEach(show);
    return;
  }
  var inView = new Set();
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        inView.add(entry.target);
        show(entry.target);
      } else {
        inView.delete(entry.target);
      }
    });
  }, { rootMargin: "200px 0px" });
  times.forEach(function (time) { observer.observe(time); });
  setInterval(function () { inView.forEach(show); }, 60000);
})();

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
