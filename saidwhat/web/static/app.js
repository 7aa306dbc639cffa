// saidwhat article view: a little progressive enhancement over server-rendered pages.
// Clicking a highlighted span shows what it is (the side-panel rows it belongs to); clicking a side-panel
// row scrolls to its span and flashes it. Article text is untrusted: this script only copies text with
// textContent and never builds markup from strings.
(function () {
  "use strict";

  function spansOf(ref) {
    return document.querySelectorAll('.text [data-refs~="' + ref + '"]');
  }

  function clearMarks() {
    document.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
    document.querySelectorAll(".row.selected").forEach(function (el) { el.classList.remove("selected"); });
  }

  function flash(refs) {
    var first = null;
    refs.forEach(function (ref) {
      spansOf(ref).forEach(function (el) {
        el.classList.add("flash");
        if (first === null) { first = el; }
      });
    });
    return first;
  }

  function showDetail(span) {
    var detail = document.getElementById("detail");
    var list = document.getElementById("detail-list");
    if (!detail || !list) { return; }
    list.replaceChildren();
    var about = document.createElement("li");
    about.textContent = span.getAttribute("title") || "";
    list.appendChild(about);
    (span.dataset.refs || "").split(" ").forEach(function (ref) {
      var row = ref && document.getElementById("row-" + ref);
      if (!row) { return; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#row-" + ref;
      link.textContent = row.textContent.replace(/\s+/g, " ").trim();
      link.addEventListener("click", function (event) {
        event.preventDefault();
        clearMarks();
        row.classList.add("selected");
        row.scrollIntoView({ block: "center" });
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    detail.hidden = false;
  }

  function onTextClick(event) {
    var span = event.target.closest("[data-refs]");
    if (!span) { return; }
    clearMarks();
    var refs = (span.dataset.refs || "").split(" ").filter(Boolean);
    flash(refs);
    refs.forEach(function (ref) {
      var row = document.getElementById("row-" + ref);
      if (row) { row.classList.add("selected"); }
    });
    showDetail(span);
  }

  function onRowClick(event) {
    var row = event.target.closest("[data-target]");
    if (!row) { return; }
    var link = event.target.closest("a");
    if (link && (link.getAttribute("href") || "").charAt(0) !== "#") { return; }  // a fact-check's page
    event.preventDefault();
    clearMarks();
    row.classList.add("selected");
    var first = flash(row.dataset.target.split(" ").filter(Boolean));
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function busyOnSubmit() {
    var form = document.querySelector("form.analyse");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      var busy = form.querySelector(".busy");
      if (busy) { busy.hidden = false; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("text");
    var panel = document.getElementById("panel");
    if (text) { text.addEventListener("click", onTextClick); }
    if (panel) {
      panel.addEventListener("click", function (event) {
        if (event.target.closest("#detail")) { return; }
        onRowClick(event);
      });
    }
    var close = document.querySelector("#detail .close");
    if (close) {
      close.addEventListener("click", function () {
        document.getElementById("detail").hidden = true;
        clearMarks();
      });
    }
    busyOnSubmit();
  });
})();
