// Search with Pagefind in the browser; reads ?q= so that a search can be linked.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("search");
  var root = new URL(element.dataset.root, window.location.href).pathname;
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, baseUrl: root,
                            bundlePath: root + "pagefind/" });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
