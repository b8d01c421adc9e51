import { PROJECT_NAME } from '../core/project.js';

/** Where the page loads its files from: GET /docs/<file>. */
export const ASSETS_PATH = '/docs';

/**
 * The page's own Content-Security-Policy: its scripts and style sheet from this server only,
 * the API's document and "Try it out" calls to this server only, and the inline SVG icons
 * (data: URLs) Swagger UI draws. Nothing from another origin, no inline script, no eval.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** The HTML of GET /docs: Swagger UI's standalone bundle, started by docs.js on /openapi.json. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(PROJECT_NAME)} API reference</title>
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/docs.js"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI on this server's /openapi.json. `validatorUrl: null`: no badge fetched
 * from validator.swagger.io (the page talks to this server only).
 */
export const DOCS_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  validatorUrl: null,
});
`;
