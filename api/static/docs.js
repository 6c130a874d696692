// Starts Swagger UI at /docs with the configuration the page carries (api/templates/index.template.html):
// flask-swagger-ui's own page does this in an inline script, which our Content-Security-Policy forbids.
"use strict";
window.addEventListener("load", () => {
  const config = JSON.parse(document.getElementById("swagger-ui").dataset.config);
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];
  config.plugins = [SwaggerUIBundle.plugins.DownloadUrl];
  window.ui = SwaggerUIBundle(config);
});
