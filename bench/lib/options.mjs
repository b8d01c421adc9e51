import { parseArgs } from 'node:util';

export const PARTS = ['scaffold', 'servers', 'footprint'];

export const HELP = `npm run bench [-- options]

Measures create-secure-api against peers and references on this machine, as ratios
measured in one run. Results: a table here, bench/results/latest.json, BENCHMARKS.md.

  --only <part>        scaffold, servers or footprint (repeatable or comma list)
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
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick;
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const part of only) {
    if (!PARTS.includes(part)) throw new Error(`--only ${part}: expected one of ${PARTS.join(', ')}`);
  }
  const parts = new Set(only.length > 0 ? only : PARTS);
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
    frameworks: values.frameworks?.split(',').map((f) => f.trim()).filter(Boolean),
    keep: values.keep,
    baseline: values.baseline,
    profile: values.profile && !values['no-profile'],
    layers: values.layers && !values['no-layers'],
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
    footprint: {
      // --quick installs only the default framework and skips the peer
      frameworks: quick ? ['fastify'] : undefined,
      peers: !quick,
    },
  };
}
