// Handlebars builds compiled templates with source-map's SourceNode when that library loads,
// and with its own lighter stand-in otherwise. The CLI never asks for source maps of its
// templates, so the bundle leaves the library out and Handlebars takes the lighter path.
export {};
