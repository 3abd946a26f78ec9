// The settings page only (templates/settings.html): reveals the options that
// need scripts, lets the preview follow the choices before they are saved,
// and keeps each colour's text box and picker in step.
(function () {
  "use strict";
  // Options that need scripts (the reading guide) are hidden and disabled in
  // the HTML, so without them they are neither shown nor sent.
  document.querySelectorAll("[data-needs-js]").forEach(function (el) {
    el.hidden = el.disabled = false;
  });

  var form = document.querySelector("[data-module=preview]");
  var preview = document.getElementById("preview");
  if (!form || !preview) { return; }
  var HEX = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

  function hex(value) {
    var match = HEX.exec(value.trim());
    if (!match) { return null; }
    var digits = match[1].toLowerCase();
    return "#" + (digits.length === 3 ? digits.replace(/./g, "$&$&") : digits);
  }

  // Own colours are previewed through the palette's custom properties, set
  // with the CSSOM (the CSP allows no style attribute in the HTML).
  var properties = {fg: ["--fg", "--muted", "--border"], bg: ["--bg", "--btn", "--badge"],
                    link: ["--link", "--visited", "--focus"]};

  function update() {
    var classes = ["preview"];
    var inputs = form.querySelectorAll("input[type=radio]:checked");
    for (var i = 0; i < inputs.length; i++) {
      var name = inputs[i].name.replace(/_/g, "-");
      var value = inputs[i].value.replace(".", "");
      var always = name === "contrast" || name === "scheme";
      if (always || !inputs[i].hasAttribute("data-default")) {
        classes.push(name + "-" + value);
      }
    }
    preview.className = classes.join(" ");
    var own = form.querySelector("input[name=palette][value=own]");
    Object.keys(properties).forEach(function (field) {
      var text = form.querySelector("input[name=" + field + "]");
      var colour = own && own.checked && text ? hex(text.value) : null;
      properties[field].forEach(function (property) {
        if (colour) { preview.style.setProperty(property, colour); } else { preview.style.removeProperty(property); }
      });
    });
  }

  // Each colour's text box and picker say the same thing.
  form.addEventListener("input", function (event) {
    var el = event.target, field = el.name ? el.name.replace(/_pick$/, "") : "";
    if (!properties[field]) { return; }
    var other = form.querySelector("input[name=" + (el.type === "color" ? field : field + "_pick") + "]");
    var colour = hex(el.value);
    if (other && colour) { other.value = colour; }
    update();
  });
  form.addEventListener("change", update);
})();
