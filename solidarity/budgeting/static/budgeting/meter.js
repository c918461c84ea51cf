// A live budget meter for the ballot: only an enhancement; the server checks every ballot.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  var meter = document.getElementById("meter");
  if (!form || !meter) { return; }
  var kind = form.dataset.kind;
  var budget = parseInt(form.dataset.budget, 10);
  var points = parseInt(form.dataset.points, 10);
  var lang = document.documentElement.lang || "en";
  var money = function (cents) { return (cents / 100).toLocaleString(lang, {minimumFractionDigits: 2}); };
  var words = {
    en: {spent: "Chosen: ", of: " of ", over: " (over the budget)", points: "Points given: "},
    es: {spent: "Elegido: ", of: " de ", over: " (más que el presupuesto)", points: "Puntos dados: "}
  }[lang] || null;
  if (!words) { words = {spent: "Chosen: ", of: " of ", over: " (over the budget)", points: "Points given: "}; }
  function update() {
    var total = 0;
    form.querySelectorAll("li[data-cost]").forEach(function (item) {
      var input = item.querySelector("input, select");
      if (!input) { return; }
      if (kind === "cumulative") {
        total += parseInt(input.value || "0", 10) || 0;
      } else if (input.type === "checkbox" ? input.checked : input.value) {
        total += parseInt(item.dataset.cost, 10);
      }
    });
    if (kind === "cumulative") {
      meter.textContent = words.points + total + words.of + points;
      meter.classList.toggle("over", total > points);
    } else {
      meter.textContent = words.spent + money(total) + words.of + money(budget) + (total > budget ? words.over : "");
      meter.classList.toggle("over", total > budget);
    }
  }
  meter.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());
