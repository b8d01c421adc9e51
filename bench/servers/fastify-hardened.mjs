// Fastify hardened the usual way: @fastify/helmet, @fastify/cors, @fastify/rate-limit,
// jose and zod, over the same database work as the bare server.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { createNote, FASTIFY_HELMET_OPTIONS, listQuery, logResponse, problem, verifyAccessToken } from './reference.mjs';
import { bearer, exitCleanly, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = Fastify({ logger: false, bodyLimit: settings.bodyLimit, onProtoPoisoning: 'error', onConstructorPoisoning: 'error' });
app.decorateRequest('userId', '');

await app.register(helmet, FASTIFY_HELMET_OPTIONS);
await app.register(cors, {
  origin: settings.corsOrigins,
  methods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type'],
  maxAge: 600,
});
await app.register(rateLimit, { max: settings.rateLimitMax, timeWindow: '1 minute' });
app.addHook('onRequest', async (_request, reply) => {
  reply.header('cache-control', 'no-store');
});
app.addHook('onResponse', async (request, reply) => {
  logResponse(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime, request.userId || undefined);
});

app.get('/health', async () => then(notes.ping(), () => ({ status: 'ok' })));

app.register(async (v1) => {
  v1.addHook('onRequest', async (request, reply) => {
    const token = bearer(request.headers.authorization);
    const userId = token === undefined ? undefined : await verifyAccessToken(token);
    if (userId === undefined) return reply.code(401).send(problem(401, 'Unauthorized'));
    request.userId = userId;
  });
  v1.get('/v1/notes', async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(problem(400, 'Bad Request'));
    return notes.list(request.userId, query.data.limit);
  });
  v1.post('/v1/notes', async (request, reply) => {
    const body = createNote.safeParse(request.body);
    if (!body.success) return reply.code(400).send(problem(400, 'Bad Request'));
    return then(notes.create(request.userId, body.data), (note) => reply.code(201).send(note));
  });
});

await app.listen({ host: settings.host, port: settings.port });
exitCleanly(async () => {
  await app.close();
  await notes.close();
});
