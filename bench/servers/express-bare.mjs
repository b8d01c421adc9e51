// Bare Express: the same database work and JSON as the generated API, no security layer.
import express from 'express';
import { exitWithServer, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = express();
// ETag is not a security layer; the generated app turns it off, so it is off here too.
app.set('etag', false);
app.use(express.json());

app.get('/health', (_req, res) => then(notes.ping(), () => res.json({ status: 'ok' })));
app.get('/v1/notes', (req, res) => then(notes.list(settings.ownerId, Number(req.query.limit ?? 20)), (page) => res.json(page)));
app.post('/v1/notes', (req, res) => then(notes.create(settings.ownerId, req.body), (note) => res.status(201).json(note)));

const server = app.listen(settings.port, settings.host);
exitWithServer(server, notes);
