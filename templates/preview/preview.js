// dealdocs preview: refresh the page in place when the deal is saved.
// The server sends a `render` event, whose data is the new render's token, on every
// save (and once on connecting). The page is fetched again and #preview swapped, so
// nothing reloads; the reader's place is kept by the clause at the top of the window.
(function () {
  "use strict";
  var root = document.getElementById("preview");
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) return;

  var busy = false, again = false;

  function live(text, lost) {
    var el = root.querySelector("[data-live]");
    if (el) { el.textContent = text; el.classList.toggle("lost", !!lost); }
  }

  // The first element with an id whose bottom is below the top bar, and where it is.
  function place() {
    var top = (root.querySelector(".bar") || {offsetHeight: 0}).offsetHeight;
    var marks = root.querySelectorAll(".paper [id]");
    for (var i = 0; i < marks.length; i++) {
      var box = marks[i].getBoundingClientRect();
      if (box.bottom > top) return {id: marks[i].id, top: box.top};
    }
    return null;
  }

  function swap(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var next = parsed.getElementById("preview");
    if (!next) return;
    var x = window.scrollX, y = window.scrollY, at = place();
    var aside = root.querySelector(".findings"), asideTop = aside ? aside.scrollTop : 0;
    root.replaceChildren.apply(root, Array.prototype.slice.call(next.childNodes));
    root.dataset.token = next.dataset.token;
    document.title = parsed.title;
    window.scrollTo(x, y);
    var mark = at && document.getElementById(at.id);
    if (mark) window.scrollBy(0, mark.getBoundingClientRect().top - at.top);
    aside = root.querySelector(".findings");
    if (aside) aside.scrollTop = asideTop;
    live("Live");
    root.dispatchEvent(new CustomEvent("preview:updated", {bubbles: true}));
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.pathname + window.location.search, {cache: "no-store"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) swap(html); })
      .catch(function () { live("Not updated: the preview server did not answer", true); })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var events = new EventSource("/events");
  events.addEventListener("render", function (event) {
    live("Live");
    if (event.data !== root.dataset.token) refresh();
  });
  events.addEventListener("error", function () {
    live("Reconnecting to the preview server…", true);
  });
})();
