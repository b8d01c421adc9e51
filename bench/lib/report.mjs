// The figures as Markdown: printed on the terminal and written to BENCHMARKS.md.

const fmt = (value, digits = 0) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');
const sec = (ms) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(2)} s` : '–');
const x = (value, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(digits)}x` : '–');
const pct = (value) => (typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–');
/** One decimal, where a verdict is read against a threshold. */
const pct1 = (value) => (typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–');
const mib = (bytes) => (typeof bytes === 'number' ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '–');
const spread = (s, f) => (s && s.n > 0 ? `${f(s.min)} – ${f(s.max)}` : '–');
const mark = (ok) => (ok === undefined ? '' : ok ? ' ✔' : ' ✘');

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows)
    lines.push(
      `| ${row
        .map((cell) =>
          String(cell ?? '–')
            .replace(/\|/g, '\\|')
            .replace(/\n/g, ' '),
        )
        .join(' | ')} |`,
    );
  return lines.join('\n');
}

function provenance(part, current) {
  if (!part) return '';
  const notes = [];
  if (part.measuredAt && part.measuredAt !== current) notes.push(`carried over from the run of ${part.measuredAt}`);
  if (part.quick) notes.push('`--quick` run: few, short measurements; indicative only');
  return notes.length ? `_${notes.join('; ')}._\n\n` : '';
}

function scaffoldSection(s, current) {
  if (!s) return '## PERF-1 Scaffolding\n\nNot measured yet: `npm run bench -- --only scaffold`.\n';
  const out = ['## PERF-1 Scaffolding', '', provenance(s, current)];
  out.push(
    `Whole-process wall time (spawn to exit) of each tool writing a new project into an empty folder of ${s.directory ?? 'the temp directory'}, no install, no git; ${s.rounds} interleaved rounds (tools in round-robin, order rotated each round) after one untimed run of each. create-secure-api gets three resources (${s.resources?.map((r) => `\`${r}\``).join(', ')}).`,
    '',
  );
  const subject = s.tools.find((t) => t.role === 'subject');
  out.push(
    table(
      ['tool', 'kind', 'version', 'what it writes', 'files', 'median', 'min – max', 'create-secure-api minus this', 'verdict'],
      s.tools.map((t) => {
        const delta = t.subjectMinusThisMs;
        const verdict =
          t.role !== 'template' || delta === undefined
            ? ''
            : delta <= 0
              ? 'faster ✔'
              : delta <= 250
                ? `slower by ${fmt(delta)} ms (within 0.25 s)`
                : `slower by ${fmt(delta)} ms ✘`;
        return [
          `\`${t.id}\``,
          t.role === 'subject' ? 'this CLI' : t.role === 'template' ? 'template peer' : 'static floor',
          t.version,
          t.note,
          t.files,
          sec(t.wallMs.median),
          spread(t.wallMs, sec),
          t.role === 'subject' ? '' : `${delta > 0 ? '+' : ''}${fmt(delta)} ms (${x(t.subjectOverThis)})`,
          verdict,
        ];
      }),
    ),
    '',
  );
  if (subject?.internalMs?.n) {
    out.push(
      `create-secure-api's own "Done in" time (from its \`main()\` to the end of writing) has a median of ${fmt(subject.internalMs.median)} ms of the ${fmt(subject.wallMs.median)} ms wall time; the rest is Node start-up and module loading before \`main()\` runs.`,
      '',
    );
  }
  for (const u of s.unavailable ?? []) out.push(`- **${u.id}** unavailable: ${u.reason}`);
  if (s.unavailable?.length) out.push('');
  if (s.help) {
    out.push(
      `\`--help\`: median ${fmt(s.help.help.median)} ms (${spread(s.help.help, (v) => fmt(v))}) against bare \`node -e ''\` ${fmt(s.help.bare.median)} ms (${spread(s.help.bare, (v) => fmt(v))}): **${x(s.help.ratio)}** (target ≤ 1.5x${mark(s.help.ratio <= 1.5)}), ${s.help.help.n} interleaved pairs.`,
      '',
    );
  }
  if (s.cpuProfile && !s.cpuProfile.error) {
    out.push(
      `CPU profile of one create-secure-api run (${fmt(s.cpuProfile.busyMs)} ms of CPU on the main thread, ${fmt(s.cpuProfile.wallMs)} ms wall), self time by where the code comes from:`,
      '',
      table(
        ['category', 'ms', 'share'],
        s.cpuProfile.byCategory.slice(0, 12).map((r) => [r.name, fmt(r.ms, 1), `${r.share} %`]),
      ),
      '',
      'Hottest functions (self time):',
      '',
      table(
        ['function', 'ms', 'share'],
        s.cpuProfile.topFunctions.slice(0, 12).map((r) => [`\`${r.name}\``, fmt(r.ms, 1), `${r.share} %`]),
      ),
      '',
    );
    if (s.cpuProfile.inclusiveByCategory) {
      const functions = s.cpuProfile.inclusiveByFunction
        .filter((r) => /\[(node-plop|handlebars|generators\/|src\/|zod|fs-extra)/.test(r.name))
        .slice(0, 12);
      out.push(
        'Time spent under each part (inclusive: a sample counts for every part on its stack):',
        '',
        table(
          ['part', 'ms', 'share'],
          s.cpuProfile.inclusiveByCategory.slice(0, 10).map((r) => [r.name, fmt(r.ms, 1), `${r.share} %`]),
        ),
        '',
        table(
          ['function (inclusive)', 'ms', 'share'],
          functions.map((r) => [`\`${r.name}\``, fmt(r.ms, 1), `${r.share} %`]),
        ),
        '',
      );
    }
  }
  return out.join('\n');
}

function ratioCell(cmp, key, f = x) {
  const s = cmp?.[key];
  if (!s?.n) return '–';
  return s.n > 1 ? `${f(s.median)} (${f(s.min)} – ${f(s.max)})` : f(s.median);
}

function frameworkSection(name, fw) {
  const out = [`### ${name}`, ''];
  if (fw.unavailable && !fw.routes) {
    out.push(`Unavailable: ${fw.unavailable}`, '');
    return out.join('\n');
  }
  for (const u of fw.unavailable ?? []) out.push(`- ${u.server} unavailable: ${u.reason}`);
  if (fw.unavailable?.length) out.push('');
  if (!fw.routes) return out.join('\n');
  const rows = [];
  for (const route of Object.values(fw.routes)) {
    for (const [role, s] of Object.entries(route.servers)) {
      rows.push([
        route.label,
        role,
        `${fmt(s.rps.median)} (${spread(s.rps, (v) => fmt(v))})`,
        `${fmt(s.p50Ms.median)} / ${fmt(s.p99Ms.median)}`,
        fmt(s.cpuUsPerRequest.median),
        s.response ? `${s.response.headers} / ${s.response.bodyBytes}` : '–',
        fmt(s.rssMiB),
        s.invalid ? `${s.invalid} invalid: ${s.problems.join('; ')}` : '',
      ]);
    }
  }
  out.push(
    table(
      ['route', 'server', 'req/s median (min – max)', 'p50 / p99 ms', 'server CPU µs/req', 'headers / body bytes', 'RSS MiB', 'notes'],
      rows,
    ),
    '',
  );
  const outside = [];
  for (const route of Object.values(fw.routes)) {
    for (const [role, s] of Object.entries(route.servers)) {
      if (s.outsideCpuUsPerRequest?.n) outside.push(`${route.label.split(' (')[0]} ${role} ${fmt(s.outsideCpuUsPerRequest.median, 1)}`);
    }
  }
  if (outside.length) {
    out.push(
      `CPU time a server used while the others had their slices (timers, the garbage collector's idle-time work), in µs per request it served; it is not in its own figures, and it slowed whichever server was loaded then: ${outside.join('; ')}.`,
      '',
    );
  }
  const threadRows = [];
  const threadNames = new Set();
  for (const route of Object.values(fw.routes))
    for (const srv of Object.values(route.servers)) for (const k of Object.keys(srv.threadsUsPerRequest ?? {})) threadNames.add(k);
  const columns = ['main thread, user', 'main thread, system', ...[...threadNames].filter((k) => !k.startsWith('main')).sort()];
  for (const route of Object.values(fw.routes)) {
    for (const [role, srv] of Object.entries(route.servers)) {
      if (srv.threadsUsPerRequest) threadRows.push([route.label, role, ...columns.map((k) => fmt(srv.threadsUsPerRequest[k], 1))]);
    }
  }
  if (threadRows.length) {
    out.push(
      'Server CPU per request by thread (µs, median of the rounds; from /proc: "system" is kernel time, mostly the socket; other threads are V8\'s workers, which collect garbage, and libuv\'s pool):',
      '',
      table(['route', 'server', ...columns], threadRows),
      '',
    );
  }
  const ratioRows = Object.values(fw.routes).map((route) => [
    route.label,
    ratioCell(route.generatedVsBare, 'throughput', pct),
    ratioCell(route.generatedVsBare, 'p99'),
    ratioCell(route.generatedVsBare, 'cpuEfficiency', pct),
    ratioCell(route.generatedVsHardened, 'throughput'),
    ratioCell(route.generatedVsHardened, 'p99'),
    ratioCell(route.hardenedVsBare, 'throughput', pct),
  ]);
  out.push(
    'Ratios, computed round by round and summarised as median (min – max):',
    '',
    table(
      [
        'route',
        'generated / bare req/s',
        'p99 generated / bare',
        'bare CPU / generated CPU per req',
        'generated / hardened req/s',
        'p99 generated / hardened',
        'hardened / bare req/s',
      ],
      ratioRows,
    ),
    '',
  );
  const list = fw.routes.list;
  if (list?.generatedVsBare) {
    const t = list.generatedVsBare.throughput.median;
    const p = list.generatedVsBare.p99.median;
    const h = list.generatedVsHardened?.throughput.median;
    const c = list.generatedVsBare.cpuEfficiency.median;
    const ch = list.generatedVsHardened?.cpuEfficiency.median;
    out.push(
      `PERF-2 on \`GET /v1/notes?limit=20\`: throughput ${pct1(t)} of bare (target ≥ 75 %${mark(t >= 0.75)}), p99 ${x(p)} of bare (target ≤ 2x${mark(p <= 2)}), ${x(h)} the hand-hardened reference (target ≥ 1x${mark(h === undefined ? undefined : h >= 1)}). By server CPU time per request, which other processes disturb least: ${pct1(c)} of bare${mark(c >= 0.75)}, ${ch === undefined ? '–' : x(ch)} as efficient as the reference${mark(ch === undefined ? undefined : ch >= 1)}.`,
      '',
    );
  }
  const before = Object.values(fw.routes).filter((route) => route.generatedVsBefore);
  if (before.length > 0) {
    out.push(
      'Before and after, from the same slices: the generated server of the baseline commit (--baseline) and of this checkout:',
      '',
      table(
        [
          'route',
          'before / bare req/s',
          'after / bare req/s',
          'after / before req/s',
          'p99 after / before',
          'before CPU / after CPU per req',
        ],
        before.map((route) => [
          route.label,
          ratioCell(route.beforeVsBare, 'throughput', pct),
          ratioCell(route.generatedVsBare, 'throughput', pct),
          ratioCell(route.generatedVsBefore, 'throughput'),
          ratioCell(route.generatedVsBefore, 'p99'),
          ratioCell(route.generatedVsBefore, 'cpuEfficiency'),
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function layersSection(layers) {
  if (!layers?.routes) return '';
  const out = [
    '### Fastify layer by layer',
    '',
    'Bare Fastify with one layer added at a time (`bench/servers/fastify-layers.mjs`), the hand-hardened reference and the generated server, measured interleaved. "Added CPU" is the server CPU time per request above bare, the least noise-sensitive figure here.',
    '',
  ];
  for (const u of layers.unavailable ?? []) out.push(`- ${u.server} unavailable: ${u.reason}`);
  for (const route of Object.values(layers.routes)) {
    const bareRow = route.rows.find((r) => r.variant === 'bare');
    const noise = route.bareCpuSpread;
    out.push(
      `**${route.label}** (bare: ${fmt(route.bareCpuUsPerRequest)} µs CPU per request${noise ? `, between ${fmt(noise.min)} and ${fmt(noise.max)} µs across rounds: differences smaller than about ${fmt((noise.max - noise.min) / 2)} µs are within this run's noise` : ''}${bareRow ? '' : ''})`,
      '',
      table(
        ['variant', 'what', 'req/s', 'vs bare', 'added CPU µs/req', 'p99 ms'],
        route.rows.map((r) => [
          r.variant,
          r.label,
          fmt(r.rps),
          pct(r.throughputVsBare),
          r.variant === 'bare' ? '' : fmt(r.addedCpuUsPerRequest, 1),
          fmt(r.p99Ms),
        ]),
      ),
      '',
    );
    const ranked = route.rows
      .filter((r) => !['bare', 'hardened', 'generated', 'nodb'].includes(r.variant) && typeof r.addedCpuUsPerRequest === 'number')
      .sort((a, b) => b.addedCpuUsPerRequest - a.addedCpuUsPerRequest);
    const nodb = route.rows.find((r) => r.variant === 'nodb');
    if (ranked.length) {
      out.push(
        `Most expensive single layer on this route: **${ranked[0].label}** (+${fmt(ranked[0].addedCpuUsPerRequest, 1)} µs). Ranking: ${ranked.map((r) => `${r.variant} +${fmt(r.addedCpuUsPerRequest, 1)}`).join(', ')}.${nodb && typeof nodb.addedCpuUsPerRequest === 'number' ? ` The database work costs ${fmt(-nodb.addedCpuUsPerRequest, 1)} µs (bare minus bare without it).` : ''}`,
        '',
      );
    }
  }
  return out.join('\n');
}

function profilesSection(profiles) {
  if (!profiles || Object.keys(profiles).length === 0) return '';
  const out = ['### Where the CPU goes, part by part', ''];
  out.push(
    "V8 CPU profiles of the generated, the bare and the hand-hardened server of each framework under the same load, one after the other (the profiler is started and stopped around the measured load only, by `bench/lib/profile-hook.mjs`). Each sample goes to the frame nearest the top of its stack that belongs to a layer: a file of the generated `dist/` (its path names the layer: `http/security.js`, `core/rate-limit.js`, `auth/jwt/tokens.js`…) or the logging, validation or database library; route handlers do not claim the framework's and Node's work they trigger (serialising, writing the socket). Samples no layer claims are shown by package or Node.js part. µs per request = that CPU time / requests served while profiling (the profiler slows the server by a few per cent). Parts that only one server has (the log, validation, limits, tokens) are measured inside that server and are robust; parts all servers share (Node's HTTP, the database) come from separate runs and differ by the machine's noise as well.",
    '',
  );
  for (const [framework, routes] of Object.entries(profiles)) {
    if (routes.error) {
      out.push(`- ${framework}: profile unavailable: ${routes.error}`, '');
      continue;
    }
    for (const [routeId, p] of Object.entries(routes)) {
      if (p.differenceFromBare) {
        const rows = p.differenceFromBare.filter(
          (r) => Math.abs(r.generated) >= 1 || Math.abs(r.bare) >= 1 || Math.abs(r.hardened ?? 0) >= 1,
        );
        out.push(
          `**${framework}, ${p.label}**: main-thread CPU per request ${fmt(p.busyUsPerRequest, 1)} µs generated (${p.requests} requests), ${fmt(p.bare.busyUsPerRequest, 1)} µs bare${p.hardened ? `, ${fmt(p.hardened.busyUsPerRequest, 1)} µs hand-hardened` : ''}; parts sorted by what the generated server adds to bare:`,
          '',
          table(
            [
              'part',
              'generated µs/req',
              'share of generated',
              'bare µs/req',
              'generated − bare',
              ...(p.hardened ? ['hand-hardened µs/req'] : []),
            ],
            rows.map((r) => [
              r.part,
              fmt(r.generated, 1),
              `${fmt((r.generated / p.busyUsPerRequest) * 100, 1)} %`,
              fmt(r.bare, 1),
              `${r.added >= 0 ? '+' : ''}${fmt(r.added, 1)}`,
              ...(p.hardened ? [fmt(r.hardened, 1)] : []),
            ]),
          ),
          '',
        );
      } else {
        out.push(
          `**${framework}, ${p.label}**: ${fmt(p.busyUsPerRequest, 1)} µs of main-thread CPU per request (${p.requests} requests)`,
          '',
          table(
            ['part', 'µs/req', 'share'],
            p.byLayer.slice(0, 14).map((r) => [r.name, fmt(r.usPerRequest, 1), `${r.share} %`]),
          ),
          '',
        );
      }
      if (routeId === 'list') {
        out.push(
          '<details><summary>hottest functions</summary>',
          '',
          table(
            ['function', 'share'],
            p.topFunctions.slice(0, 15).map((r) => [`\`${r.name}\``, `${r.share} %`]),
          ),
          '',
          '</details>',
          '',
        );
      }
    }
  }
  return out.join('\n');
}

/** How the servers were loaded, from the run's settings. */
function loadMethod(st) {
  const pinned = st.pinning?.enabled
    ? ` (pinned with taskset: every server on CPU ${st.pinning.serverCpu}, all its threads, the load generator on CPU ${st.pinning.loadCpu})`
    : st.pinning
      ? ` (not pinned: ${st.pinning.reason})`
      : '';
  if (!st.sliceMs) {
    return `autocannon ${st.connections} connections from its own process on 127.0.0.1${pinned}, every request with \`Origin: ${st.origin}\`; ${st.rounds} interleaved rounds of ${st.durationS} s per server and route (order rotated each round), after a ${st.warmupS} s warm-up of each.`;
  }
  return (
    `The load generator runs in its own process on 127.0.0.1${pinned} and keeps ${st.connections} keep-alive connections per server busy, one request in flight on each, every request with \`Origin: ${st.origin}\`. ` +
    `The three servers of a framework take turns in slices of ${st.sliceMs} ms (generated, bare, hardened, then the order rotates), ${st.durationS} s per server and route in each of ${st.rounds} rounds, after a ${st.warmupS} s warm-up of each taken the same way. ` +
    'So the servers compared are measured in the same seconds: when the machine changes speed, which this virtual machine does every few seconds, all of them see it. ' +
    "A server's CPU time is read from /proc (schedstat of all its threads) around each of its slices; a slice ends when the answers to the requests in flight have arrived."
  );
}

/** What a non-default server mode changes, or nothing for the default (jwt, sqlite, memory). */
function modeNote(s) {
  const mode = s.mode;
  if (!mode || (mode.auth === 'jwt' && mode.db === 'sqlite' && mode.rateLimitStore === 'memory')) return [];
  const lines = [
    `**Mode**: generated with \`--auth ${mode.auth} --db ${mode.db} --rate-limit-store ${mode.rateLimitStore}\`; where this differs from the description below, this paragraph holds.`,
    `The generated servers are loaded with ${s.credential ?? "their style's credential"}.`,
  ];
  if (mode.db === 'postgres') {
    lines.push(
      'Every server, bare and hardened included, has a Postgres database of its own, created for the run from the seeded one as its template and dropped after it; bench-owned servers send the same owner-scoped query with `pg` through a pool of 10, as the generated server does (unnamed, with parameters).',
    );
  }
  if (mode.rateLimitStore === 'redis') {
    lines.push(
      'The generated servers count their rate limits in Redis (one key prefix per server, deleted after the run); the bare and hardened servers are the same as in the default mode, so the ratios include the Redis round trips.',
    );
  }
  return [lines.join(' '), ''];
}

/** How the generated server checks the load's credential, against the references' jose on every request. */
function credentialNote(style) {
  const references = "the references verify an HS256 token with jose on every request, as jose's docs show (secret passed as bytes)";
  const notes = {
    jwt: `- The generated server keeps already-verified access tokens in a bounded cache (\`auth/jwt/tokens.ts\`), and each load run repeats one token, so it checks the HMAC once per round; ${references}.`,
    'api-key': `- The generated server looks its API key up by id in its database and compares the SHA-256 of the secret on every request (and reads the owner's role); ${references}.`,
    'jwt+api-key': `- The generated server looks its API key up by id in its database and compares the SHA-256 of the secret on every request (and reads the owner's role); ${references}.`,
    oidc: `- The generated server keeps verified access tokens in a cache until they expire, and each load run repeats one ES256 token, so it verifies the signature once; ${references}.`,
  };
  return notes[style] ?? notes.jwt;
}

function serversSection(s, current) {
  if (!s) return '## PERF-2 Generated servers\n\nNot measured yet: `npm run bench -- --only servers`.\n';
  const st = s.settings ?? {};
  const out = [
    '## PERF-2 Generated servers',
    '',
    provenance(s, current),
    ...modeNote(s),
    `Each framework's generated project (\`--resource notes:title:string,body:text?\`, built with \`npm run build\`, started with \`node dist/server.js\`, \`NODE_ENV=production\`, rate limits at 1,000,000 per 10 s so they are computed and never reached, \`LOG_LEVEL=info\` to /dev/null) against a **bare** server of the same framework (same better-sqlite3 statements on a copy of the same seeded database file, the same \`SELECT 1\` on \`GET /health\` as the generated health check, same JSON, no security layer) and a **hand-hardened** reference (the framework's usual security libraries, jose, zod, one pino line per response). Every server has its own copy of a database seeded through the generated API with ${st.seedNotes} notes of one user; the notes a POST run writes are deleted again right after it, so every list run reads the same table. ${loadMethod(st)} Generated servers get their token by logging in over HTTP each round; the others get HS256 tokens signed with jose with the same secret.`,
    '',
  ];
  out.push(
    'Read the comparison with these differences in mind:',
    '',
    credentialNote(s.mode?.auth ?? 'jwt'),
    '- The generated server applies a per-address and a per-user limit and a request id; the references apply one per-address limit.',
    st.sliceMs
      ? '- p99 is timed per request by the load generator (send to last byte of the answer), to a fraction of a millisecond.'
      : '- p99 comes from autocannon in whole milliseconds, so small values move in steps of 1 ms.',
    '',
  );
  for (const [name, fw] of Object.entries(s.frameworks ?? {})) out.push(frameworkSection(name, fw));
  out.push(layersSection(s.layers), profilesSection(s.profiles));
  return out.join('\n');
}

function footprintSection(f, current) {
  if (!f) return '## PERF-3 Footprint\n\nNot measured yet: `npm run bench -- --only footprint`.\n';
  const out = [
    '## PERF-3 Footprint',
    '',
    provenance(f, current),
    `A real \`npm install\` of each generated project in a fresh folder under ${f.directory} (outside the repository; npm cache ${f.npmCache}, warm after the first install). Packages are the entries of \`node_modules/.package-lock.json\`; production = not marked dev.`,
    '',
  ];
  const rows = Object.entries(f.projects).map(([name, p]) =>
    p.unavailable
      ? [name, '–', '–', '–', '–', '–', '–', `unavailable: ${p.unavailable}`]
      : [
          name,
          `${p.directDependencies} + ${p.directDevDependencies} dev`,
          p.packages?.total,
          p.packages?.production,
          mib(p.nodeModulesBytes),
          mib(p.packages?.productionBytes),
          sec(p.installMs),
          [
            p.npmWarnings
              ? `${p.npmWarnings} npm warnings${p.ebadengine ? ' (EBADENGINE)' : ''}${p.eresolve ? ' (ERESOLVE)' : ''}`
              : 'no npm warnings',
            p.note,
          ]
            .filter(Boolean)
            .join('; '),
        ],
  );
  out.push(
    table(
      ['project', 'direct deps', 'installed packages', 'production packages', 'node_modules', 'production size', 'npm install', 'notes'],
      rows,
    ),
    '',
  );
  for (const [name, p] of Object.entries(f.projects)) {
    if (p.packages?.productionNames && name.startsWith('create-secure-api')) {
      const per = Object.entries(p.packages.perDependency ?? {}).sort((a, b) => b[1] - a[1]);
      if (per.length)
        out.push(
          `${name}: packages each runtime dependency brings (itself included): ${per.map(([dep, n]) => `${dep} ${n}`).join(', ')}.`,
          '',
        );
      out.push(`<details><summary>${name} production packages</summary>\n\n${p.packages.productionNames.join(', ')}\n\n</details>`, '');
    }
  }
  return out.join('\n');
}

/** The PERF-2 section alone, for a run of another server mode (`--auth`, `--db`, `--rate-limit-store`). */
export function renderServersMarkdown(results) {
  const m = results.machine;
  return [
    `# PERF-2 in one server mode (run ${results.finishedAt}${results.quick ? ', `--quick`' : ''})`,
    '',
    `**Machine**: ${m.cores} cores (${m.cpuModel}), Node ${m.node}. Commit ${m.commit ?? '?'}. Other processes used a median of ${fmt(results.noise?.otherCoresMedian, 2)} cores while servers were measured.`,
    '',
    serversSection(results.servers, results.finishedAt),
  ].join('\n');
}

export function renderMarkdown(results) {
  const m = results.machine;
  const noise = results.noise ?? {};
  const lines = [
    '# Benchmarks',
    '',
    `Figures from \`npm run bench\` (last run ${results.finishedAt}${results.quick ? ', `--quick`' : ''}), as ratios measured in the same run on the same machine. Absolute numbers depend on the machine; the ratios are the contract (SPEC.md section 6).`,
    '',
    `**Machine**: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, npm ${m.npm}, ${m.os}. Commit ${m.commit ?? '?'}${m.uncommittedChanges ? ` with ${m.uncommittedChanges} uncommitted changes in src/, templates/, generators/` : ''}.`,
    '',
    `**Noise**: load average ${noise.loadStart?.join(' / ')} at start and ${noise.loadEnd?.join(' / ')} at the end; other processes used a median of ${fmt(noise.otherCoresMedian, 2)} cores (max ${fmt(noise.otherCoresMax, 2)}) of ${m.cores} while servers were measured${typeof noise.stealCoresMax === 'number' && noise.stealCoresMax > 0.01 ? `, with up to ${fmt(noise.stealCoresMax, 2)} cores stolen by the hypervisor` : ''}. On a busy machine throughput ratios move by several percent from round to round; CPU time per request moves least.`,
    '',
    scaffoldSection(results.scaffold, results.finishedAt),
    serversSection(results.servers, results.finishedAt),
    footprintSection(results.footprint, results.finishedAt),
    '## How to reproduce',
    '',
    '```sh',
    'npm ci && npm run build           # the CLI under test, and better-sqlite3 / fastify / express / hono shared with the bench servers',
    'npm run bench                     # everything (about 30 min on 2 cores); installs bench/ dependencies on first use',
    'npm run bench -- --quick          # a short smoke run of every part (figures are rough)',
    'npm run bench -- --only servers   # or scaffold, footprint; --skip-footprint skips the real installs',
    'npm run bench -- --help           # rounds, durations, connections, frameworks, --keep',
    'npm run bench -- --auth api-key --db postgres --rate-limit-store redis   # PERF-2 in another server mode (servers only; bench/results/servers-<mode>.json)',
    '```',
    '',
    "The bench is its own package in `bench/` (own `package.json` and lockfile, so the CLI's install stays lean): peers (create-t3-app, @nestjs/cli, fastify-cli, create-vite, create-next-app), the reference servers' libraries, and autocannon, pinned to versions that run on Node 20. Raw figures of the last run: `bench/results/latest.json`. Close other heavy processes first: with two CPUs the server has one to itself and the load generator the other (`--no-pin` lets them share), so any other work lands on one of them.",
    '',
  ];
  return lines.join('\n');
}
