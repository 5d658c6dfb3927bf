// Starts the API reference viewer (swagger-ui, loaded just before from /api/v1/reference/) on the
// page app/routes/docs.api.tsx renders. A file of our own origin, so the portal's CSP needs no
// inline script.
/* global window */
window.SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#api-reference',
  deepLinking: true,
  defaultModelsExpandDepth: 0,
  persistAuthorization: false,
});
