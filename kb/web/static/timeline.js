// The timeline folds each year but the newest into a <details>: a link to a year (#y2024), or an
// address that ends with one, opens that year before the browser scrolls to it. Without JavaScript,
// a year opens with a click on it, and the browser's find-in-page opens the years it finds text in.
(function () {
  function open(hash) {
    var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
    return target;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#y"]');
    if (link) open(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () { open(location.hash); });
  var first = open(location.hash);
  if (first) first.scrollIntoView();
})();
