import { parseArgs } from 'node:util';

export const PARTS = ['scaffold', 'servers', 'footprint', 'features'];
/** What a bare `npm run bench` runs: `features` takes several minutes per framework, so only on request. */
export const DEFAULT_PARTS = ['scaffold', 'servers', 'footprint'];

/** The generated project's choices the server bench can measure; the first of each is the default. */
export const MODE_CHOICES = {
  auth: ['jwt', 'api-key', 'jwt+api-key', 'oidc'],
  db: ['sqlite', 'postgres'],
  'rate-limit-store': ['memory', 'redis'],
};

export const HELP = `npm run bench [-- options]

Measures create-secure-api against peers and references on this machine, as ratios
measured in one run. Results: a table here, bench/results/latest.json, BENCHMARKS.md.

  --only <part>        scaffold, servers, footprint or features (repeatable or comma list);
                       without it: scaffold, servers and footprint
  --only features      not in the default run (about 3 min per framework): one generated
                       --graphql --uploads project per framework; GraphQL list against
                       GET /v1/notes?limit=20 on the same server, 4 MiB uploads against a
                       bare node:http disk writer, and the memory of 10 concurrent 40 MiB
                       uploads refused with 413; figures in bench/results/features.json
                       (--rounds, --duration, --slice, --connections, --frameworks apply)
  --quick              fewer and shorter runs (a smoke test of the harness; figures are rough)
  --skip-footprint     skip the real npm installs (the slow part)
  --frameworks <list>  frameworks for servers and footprint (default: every one with templates)
  --rounds <n>         interleaved rounds of server measurements
  --duration <s>       seconds of load per server and route in each round
  --slice <ms>         servers compared in one round take turns in slices this long
                       (default 250); a slice as long as --duration measures them one
                       after the other
  --connections <n>    concurrent connections of the load generator (default 10)
  --scaffold-rounds <n>  interleaved runs of each scaffolding tool
  --no-profile         skip the CPU profiles (scaffold and generated server)
  --no-layers          skip the Fastify layer breakdown
  --no-pin             let servers and the load generator share the CPUs (default: server
                       on CPU 0, load generator on CPU 1, with taskset)
  --baseline <ref>     also build the generated servers of a git commit (e.g. main~3) and
                       load them in the same slices: before/after from one run
  --keep               keep generated projects and scratch files

Server modes (PERF-2 per auth style, database and rate-limit store; any of them means
--only servers, and the figures go to bench/results/servers-<mode>.json, not BENCHMARKS.md):
  --auth <style>       jwt (default), api-key, jwt+api-key or oidc: the generated project's
                       style and the credential of its load (a JWT from /auth/login, a key
                       from \`npm run keys\` or POST /v1/api-keys, an ES256 access token of a
                       local issuer served by the bench)
  --db <dialect>       sqlite (default) or postgres: every server, bare and hardened too,
                       reads its own copy of the seeded data (BENCH_DATABASE_URL names the
                       server, default postgres://postgres@127.0.0.1:5432/postgres; the
                       databases are created for the run and dropped after it)
  --rate-limit-store <store>  memory (default) or redis: the generated server counts in
                       Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379; its keys are
                       deleted after the run); bare and hardened servers are unchanged
  -h, --help
`;

export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      'skip-footprint': { type: 'boolean', default: false },
      frameworks: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      slice: { type: 'string' },
      connections: { type: 'string' },
      'scaffold-rounds': { type: 'string' },
      profile: { type: 'boolean', default: true },
      'no-profile': { type: 'boolean', default: false },
      layers: { type: 'boolean', default: true },
      'no-layers': { type: 'boolean', default: false },
      pin: { type: 'boolean', default: true },
      'no-pin': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      auth: { type: 'string' },
      db: { type: 'string' },
      'rate-limit-store': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick;
  const only = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const part of only) {
    if (!PARTS.includes(part)) throw new Error(`--only ${part}: expected one of ${PARTS.join(', ')}`);
  }
  const mode = Object.fromEntries(
    Object.entries(MODE_CHOICES).map(([name, choices]) => {
      const value = values[name] ?? choices[0];
      if (!choices.includes(value)) throw new Error(`--${name} ${value}: expected one of ${choices.join(', ')}`);
      return [name === 'rate-limit-store' ? 'rateLimitStore' : name, value];
    }),
  );
  const modeName = modeNameOf(mode);
  if (modeName !== undefined && only.some((part) => part !== 'servers')) {
    throw new Error(
      `--auth, --db and --rate-limit-store measure servers only: drop --only ${only.filter((part) => part !== 'servers').join(',')}`,
    );
  }
  const parts = new Set(only.length > 0 ? only : modeName !== undefined ? ['servers'] : DEFAULT_PARTS);
  if (values['skip-footprint']) parts.delete('footprint');
  const int = (name, fallback, min = 1) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} ${raw}: expected a whole number >= ${min}`);
    return n;
  };
  return {
    help: values.help,
    quick,
    parts,
    frameworks: values.frameworks
      ?.split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    keep: values.keep,
    baseline: values.baseline,
    profile: values.profile && !values['no-profile'],
    // the layer breakdown is of bench-owned Fastify servers on SQLite: the default mode's
    layers: values.layers && !values['no-layers'] && modeName === undefined,
    mode,
    modeName,
    scaffold: {
      rounds: int('scaffold-rounds', quick ? 3 : 7),
      helpRounds: quick ? 7 : 15,
    },
    servers: {
      rounds: int('rounds', quick ? 2 : 7),
      durationS: int('duration', quick ? 3 : 4),
      sliceMs: int('slice', 250, 50),
      // a generated server's JIT needs about 10 s of load to reach its steady speed
      warmupS: quick ? 1 : 10,
      connections: int('connections', 10),
      pin: values.pin && !values['no-pin'],
      layerRounds: quick ? 1 : 3,
      layerDurationS: quick ? 3 : 5,
      profileS: quick ? 4 : 10,
    },
    features: {
      rounds: int('rounds', quick ? 2 : 7),
      durationS: int('duration', quick ? 2 : 4),
      sliceMs: int('slice', 250, 50),
      // a 4 MiB upload takes tens of ms with ten in flight: longer slices keep each slice's drain short
      uploadSliceMs: Math.max(int('slice', 250, 50), 1_000),
      warmupS: quick ? 1 : 5,
      connections: int('connections', 10),
      pin: values.pin && !values['no-pin'],
      uploadMiB: 4,
      flood: { uploads: 10, mib: 40 },
    },
    footprint: {
      // --quick installs only the default framework and skips the peer
      frameworks: quick ? ['fastify'] : undefined,
      peers: !quick,
    },
  };
}

/**
 * The name of a non-default server mode, e.g. `api-key-postgres-redis` (the default's parts
 * left out), or undefined for the default (jwt, sqlite, memory).
 * @param {{ auth: string, db: string, rateLimitStore: string }} mode
 */
export function modeNameOf(mode) {
  const parts = [
    mode.auth === MODE_CHOICES.auth[0] ? undefined : mode.auth.replace('+', '-'),
    mode.db === MODE_CHOICES.db[0] ? undefined : mode.db,
    mode.rateLimitStore === MODE_CHOICES['rate-limit-store'][0] ? undefined : mode.rateLimitStore,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('-') : undefined;
}
