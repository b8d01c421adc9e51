// Bare Hono on @hono/node-server: the same database work and JSON as the generated API, no security layer.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exitWithServer, openNotes, settings } from './shared.mjs';

const notes = openNotes();
const app = new Hono();

app.get('/health', (c) => {
  notes.ping();
  return c.json({ status: 'ok' });
});
app.get('/v1/notes', (c) => c.json(notes.list(settings.ownerId, Number(c.req.query('limit') ?? 20))));
app.post('/v1/notes', async (c) => c.json(notes.create(settings.ownerId, await c.req.json()), 201));

const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port });
exitWithServer(server, notes);
