// Express hardened the usual way: helmet, cors, express-rate-limit, jose and zod,
// over the same database work as the bare server.
import cors from 'cors';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { createNote, HSTS_MAX_AGE, listQuery, logResponse, problem, verifyAccessToken } from './reference.mjs';
import { API_CSP, bearer, exitWithServer, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = express();
app.set('etag', false);

app.use((req, res, next) => {
  const started = performance.now();
  res.on('finish', () => logResponse(req.method, req.route?.path, res.statusCode, performance.now() - started, res.locals.userId));
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: HSTS_MAX_AGE, includeSubDomains: true },
  }),
);
app.use(
  cors({
    origin: settings.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  }),
);
app.use(rateLimit({ windowMs: 60_000, limit: settings.rateLimitMax, standardHeaders: 'draft-8', legacyHeaders: false }));
app.use((_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
});
app.use(express.json({ limit: settings.bodyLimit }));

app.get('/health', (_req, res) => then(notes.ping(), () => res.json({ status: 'ok' })));

const v1 = express.Router();
v1.use(async (req, res, next) => {
  const token = bearer(req.headers.authorization);
  const userId = token === undefined ? undefined : await verifyAccessToken(token);
  if (userId === undefined) return res.status(401).json(problem(401, 'Unauthorized'));
  res.locals.userId = userId;
  next();
});
v1.get('/notes', (req, res) => {
  const query = listQuery.safeParse(req.query);
  if (!query.success) return res.status(400).json(problem(400, 'Bad Request'));
  return then(notes.list(res.locals.userId, query.data.limit), (page) => res.json(page));
});
v1.post('/notes', (req, res) => {
  const body = createNote.safeParse(req.body);
  if (!body.success) return res.status(400).json(problem(400, 'Bad Request'));
  return then(notes.create(res.locals.userId, body.data), (note) => res.status(201).json(note));
});
app.use('/v1', v1);

const server = app.listen(settings.port, settings.host);
exitWithServer(server, notes);
