/* The reference page editor: a toolbar and an editable view over the page's
   textarea, which keeps the HTML the form sends (the server cleans it again).
   Without JavaScript the textarea alone takes HTML or the plain source. */
(function () {
  "use strict";

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function enhance(textarea) {
    var labels = textarea.dataset;
    var bar = document.createElement("div");
    bar.className = "editor-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-controls", textarea.id + "-editable");
    var view = document.createElement("div");
    view.id = textarea.id + "-editable";
    view.className = "editor-view";
    view.contentEditable = "true";
    view.setAttribute("role", "textbox");
    view.setAttribute("aria-multiline", "true");
    view.setAttribute("aria-label", textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent : "");
    view.innerHTML = textarea.value;
    var showingSource = false;

    function sync() {
      if (!showingSource) {
        textarea.value = view.innerHTML;
      }
    }
    function run(command, value) {
      view.focus();
      document.execCommand(command, false, value || null);
      sync();
    }
    function insertHtml(html) {
      view.focus();
      document.execCommand("insertHTML", false, html);
      sync();
    }
    function escapeHtml(text) {
      var d = document.createElement("div");
      d.textContent = text;
      return d.innerHTML;
    }

    bar.appendChild(button(labels.labelH2 || "H2", function () { run("formatBlock", "h2"); }));
    bar.appendChild(button(labels.labelH3 || "H3", function () { run("formatBlock", "h3"); }));
    bar.appendChild(button(labels.labelP || "P", function () { run("formatBlock", "p"); }));
    bar.appendChild(button(labels.labelBold || "B", function () { run("bold"); }));
    bar.appendChild(button(labels.labelItalic || "I", function () { run("italic"); }));
    bar.appendChild(button(labels.labelUl || "UL", function () { run("insertUnorderedList"); }));
    bar.appendChild(button(labels.labelOl || "OL", function () { run("insertOrderedList"); }));
    bar.appendChild(button(labels.labelQuote || "Quote", function () { run("formatBlock", "blockquote"); }));
    bar.appendChild(button(labels.labelLink || "Link", function () {
      var url = window.prompt(labels.labelUrl || "URL", "https://");
      if (url && /^(https?:|mailto:)/i.test(url)) { run("createLink", url); }
    }));
    bar.appendChild(button(labels.labelTable || "Table", function () {
      insertHtml("<table><tbody><tr><th>…</th><th>…</th></tr><tr><td>…</td><td>…</td></tr></tbody></table><p></p>");
    }));
    var images = document.querySelector("[data-insert-image]");
    if (images) {
      bar.appendChild(button(labels.labelImage || "Image", function () {
        var o = images.options[images.selectedIndex];
        if (!o) { return; }
        insertHtml('<figure data-image="' + o.value + '"><img src="' + o.dataset.src + '" alt="' +
          escapeHtml(o.dataset.alt) + '" data-image="' + o.value + '"><figcaption>' +
          escapeHtml(o.dataset.caption || o.dataset.alt) + "</figcaption></figure><p></p>");
      }));
    }
    var facts = document.querySelector("[data-insert-fact]");
    if (facts) {
      bar.appendChild(button(labels.labelFact || "Fact", function () {
        var o = facts.options[facts.selectedIndex];
        if (o) { insertHtml(escapeHtml("{{fact:" + o.value + "}}")); }
      }));
    }
    var sourceButton = button(labels.labelSource || "HTML", function () {
      showingSource = !showingSource;
      if (showingSource) {
        textarea.value = view.innerHTML;
      } else {
        view.innerHTML = textarea.value;
      }
      textarea.hidden = !showingSource;
      view.hidden = showingSource;
      sourceButton.setAttribute("aria-pressed", showingSource ? "true" : "false");
    });
    sourceButton.setAttribute("aria-pressed", "false");
    bar.appendChild(sourceButton);

    view.addEventListener("input", sync);
    view.addEventListener("blur", sync);
    if (textarea.form) {
      textarea.form.addEventListener("submit", sync);
    }
    textarea.hidden = true;
    textarea.parentNode.insertBefore(bar, textarea);
    textarea.parentNode.insertBefore(view, textarea);
  }

  document.querySelectorAll("textarea[data-rich-editor]").forEach(enhance);
})();
