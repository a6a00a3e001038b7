// The workbench without page loads, on top of forms that work without this
// script: a segment is saved with fetch (the form's own CSRF token goes with
// it) and its row shows the new state and QA marks; the help beside the
// segment at hand follows the focus; keys move between segments.
//   Ctrl+Enter   save the box and go to the next segment
//   Alt+Down/Up  next / previous segment
// A "use" button copies its text into the segment's box (Shift+click still
// saves it at once, as without the script).
(function () {
  "use strict";
  var list = document.querySelector("ol.segments");
  var help = document.getElementById("help");
  var status = document.getElementById("save-status");
  if (!list || !help) { return; }
  var panelFor = help.querySelector("h2") ? currentPosition() : null;

  function currentPosition() {
    var li = list.querySelector("li.current");
    return li ? li.getAttribute("data-position") : null;
  }

  function boxes() {
    return Array.prototype.slice.call(list.querySelectorAll("textarea.target"));
  }

  function rowOf(element) {
    return element.closest("li.seg");
  }

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function setCurrent(li) {
    list.querySelectorAll("li.seg.current").forEach(function (other) {
      other.classList.remove("current");
      other.removeAttribute("aria-current");
    });
    li.classList.add("current");
    li.setAttribute("aria-current", "true");
  }

  var wanted = null;  // the segment whose help was asked for last: older answers are dropped

  function loadPanel(position, extra) {
    var url = help.getAttribute("data-panel-url") + "?panel=1&seg=" + encodeURIComponent(position) + (extra || "");
    wanted = String(position);
    panelFor = wanted;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && wanted === String(position)) { help.innerHTML = html; }
      })
      .catch(function () { /* the help stays as it was */ });
  }

  function focusRow(li) {
    if (!li) { return; }
    var box = li.querySelector("textarea.target");
    if (box) { box.focus(); } else { li.scrollIntoView({ block: "nearest" }); }
  }

  function showProblem(li, text, theirs) {
    var old = li.querySelector(".seg-problem");
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.className = "seg-problem";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    if (theirs !== undefined) {
      var q = document.createElement("p");
      q.className = "text";
      q.textContent = theirs;
      box.appendChild(q);
    }
    li.querySelector(".seg-body").appendChild(box);
  }

  function showSaved(li, data) {
    var old = li.querySelector(".seg-problem");
    if (old) { old.remove(); }
    li.querySelector("[data-role=version]").value = data.version;
    var state = li.querySelector("[data-role=state]");
    state.textContent = data.state_label;
    state.className = "state state-" + data.state;
    var marks = li.querySelector("[data-role=marks]");
    marks.textContent = "";
    var errors = 0;
    data.issues.forEach(function (issue) {
      var mark = document.createElement("span");
      mark.className = "qa-" + issue.severity;
      mark.title = issue.message;
      mark.textContent = issue.label || issue.check;
      marks.appendChild(mark);
      marks.appendChild(document.createTextNode(" "));
      if (issue.severity === "error") { errors += 1; }
    });
    li.classList.toggle("has-error", errors > 0);
    var counts = data.counts || {};
    var translated = document.getElementById("count-translated");
    if (translated && counts.translated !== undefined) { translated.textContent = counts.translated; }
    var qa = document.getElementById("qa-errors");
    if (qa && counts.qa_errors !== undefined) { qa.textContent = counts.qa_errors; }
    var jobState = document.getElementById("job-state");
    if (jobState && data.job_state_label) { jobState.textContent = data.job_state_label; }
    say(data.message);
    return errors;
  }

  function save(form, stay) {
    var li = rowOf(form);
    var body = new FormData(form);
    if (stay) { body.set("stay", "1"); }
    li.classList.add("saving");
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      li.classList.remove("saving");
      var data = answer.data;
      if (answer.status === 200) {
        var errors = showSaved(li, data);
        var next = li.nextElementSibling;
        if (!stay && !errors && next && next.querySelector("textarea.target")) {
          focusRow(next);  // its help follows the focus
        } else if (String(panelFor) === li.getAttribute("data-position")) {
          loadPanel(panelFor);  // the help of this segment shows its new QA findings
        }
      } else if (answer.status === 409 && data.conflict) {
        // their text stays saved; mine stays in the box, and the next save replaces theirs
        li.querySelector("[data-role=version]").value = data.conflict.version;
        showProblem(li, data.error, data.conflict.theirs);
        say(data.error);
      } else {
        showProblem(li, data.error || String(answer.status));
        say(data.error || String(answer.status));
      }
    }).catch(function () {
      li.classList.remove("saving");
      // no answer: send the form the plain way, so nothing typed is lost
      form.submit();
    });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("seg-form")) { return; }
    event.preventDefault();
    var stay = event.submitter && event.submitter.name === "stay";
    save(form, stay);
  });

  list.addEventListener("focusin", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("target")) { return; }
    var li = rowOf(box);
    setCurrent(li);
    var position = li.getAttribute("data-position");
    if (String(panelFor) !== position) { loadPanel(position); }
    if (window.history && window.history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      params.set("seg", position);
      params.delete("mt");
      window.history.replaceState(null, "", "?" + params.toString());
    }
  });

  list.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("target")) { return; }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(box.form, false);
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var all = boxes();
      var at = all.indexOf(box) + (event.key === "ArrowDown" ? 1 : -1);
      if (at >= 0 && at < all.length) { all[at].focus(); }
    }
  });

  help.addEventListener("click", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("use") && !event.shiftKey) {
      var box = list.querySelector("li.seg[data-position='" + target.getAttribute("data-position") + "'] textarea.target");
      if (box) {
        event.preventDefault();
        box.value = target.getAttribute("data-text") || "";
        box.focus();
      }
    } else if (target.classList && target.classList.contains("ask-machine") && panelFor !== null) {
      event.preventDefault();
      loadPanel(panelFor, "&mt=1");
    }
  });
})();
