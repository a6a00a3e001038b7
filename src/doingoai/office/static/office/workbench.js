// Workbench keys, on top of forms that work without this script:
// Ctrl+Enter in the translation box saves it; a "use" button copies its text
// into the box (Shift+click still saves it at once, like without the script).
(function () {
  "use strict";
  var form = document.getElementById("segment-form");
  var box = document.getElementById("id_target");
  if (!form || !box) { return; }
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  document.querySelectorAll("button.use").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (event.shiftKey) { return; }
      event.preventDefault();
      box.value = button.getAttribute("data-text") || "";
      box.focus();
    });
  });
  box.focus();
})();
