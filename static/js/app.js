// Live progress bars: every element with data-job polls its job's JSON until the job has finished.
(function () {
  "use strict";
  function paint(el, job) {
    var fill = el.querySelector(".fill"), pct = el.querySelector(".pct"), status = el.querySelector("[data-status]");
    if (fill) fill.style.width = job.percent + "%";
    if (pct) pct.textContent = job.percent + " %";
    if (status) { status.textContent = job.status_label; status.className = "badge " + job.status; }
    el.className = "progress " + job.status;
  }
  function poll(el) {
    var url = el.getAttribute("data-job");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        paint(el, job);
        if (job.finished) {
          if (el.hasAttribute("data-reload")) window.location.reload();
        } else {
          window.setTimeout(function () { poll(el); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(el); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    // No inline script or style (the Content-Security-Policy allows neither): bars get their width here, and a
    // select marked data-autosubmit submits its form when it changes (the language menu, list filters).
    document.querySelectorAll("[data-width]").forEach(function (el) { el.style.width = el.getAttribute("data-width") + "%"; });
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("[data-job]").forEach(function (el) {
      if (el.getAttribute("data-finished") !== "1") poll(el);
    });
    // "select all" checkbox of bulk review
    document.querySelectorAll("[data-check-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.querySelectorAll("input[name='" + box.getAttribute("data-check-all") + "']").forEach(function (c) { c.checked = box.checked; });
      });
    });
  });
})();
