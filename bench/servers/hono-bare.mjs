// Bare Hono on @hono/node-server: the same database work and JSON as the generated API, no security layer.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exitWithServer, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = new Hono();

app.get('/health', (c) => then(notes.ping(), () => c.json({ status: 'ok' })));
app.get('/v1/notes', (c) => then(notes.list(settings.ownerId, Number(c.req.query('limit') ?? 20)), (page) => c.json(page)));
app.post('/v1/notes', async (c) => then(notes.create(settings.ownerId, await c.req.json()), (note) => c.json(note, 201)));

const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port });
exitWithServer(server, notes);
