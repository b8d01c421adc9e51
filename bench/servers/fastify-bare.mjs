// Bare Fastify: the same database work and JSON as the generated API, no security layer.
import Fastify from 'fastify';
import { exitCleanly, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = Fastify({ logger: false });

app.get('/health', async () => then(notes.ping(), () => ({ status: 'ok' })));
app.get('/v1/notes', async (request) => notes.list(settings.ownerId, Number(request.query.limit ?? 20)));
app.post('/v1/notes', async (request, reply) => then(notes.create(settings.ownerId, request.body), (note) => reply.code(201).send(note)));

await app.listen({ host: settings.host, port: settings.port });
exitCleanly(async () => {
  await app.close();
  await notes.close();
});
