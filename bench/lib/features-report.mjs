// The features part as Markdown (printed; its figures are in results/features.json).

const fmt = (value, digits = 0) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');
const pct1 = (value) => (typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–');
const x = (value) => (typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(2)}x` : '–');
const mark = (ok) => (ok === undefined ? '' : ok ? ' ✔' : ' ✘');
const range = (s, f) => (s?.n > 1 ? `${f(s.median)} (${f(s.min)} – ${f(s.max)})` : f(s?.median));

function table(header, rows) {
  const line = (cells) => `| ${cells.map((cell) => String(cell ?? '–').replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const problems = (s) => (s.invalid ? `${s.invalid} invalid: ${s.problems.join('; ')}` : '');

function graphqlSection(g) {
  if (!g || g.unavailable) return [`GraphQL: unavailable${g ? `: ${g.unavailable}` : ''}.`, ''];
  const ratio = g.graphqlVsRest?.throughput?.median;
  return [
    table(
      ['request (same server, same token)', 'req/s median (min – max)', 'p50 / p99 ms', 'server CPU µs/req', 'body bytes', 'notes'],
      [g.rest, g.graphql].map((s) => [
        s.label,
        range(s.rps, (v) => fmt(v)),
        `${fmt(s.p50Ms.median, 2)} / ${fmt(s.p99Ms.median, 2)}`,
        fmt(s.cpuUsPerRequest.median),
        s.bodyBytes,
        problems(s),
      ]),
    ),
    '',
    `GraphQL / REST, round by round: throughput **${range(g.graphqlVsRest?.throughput, pct1)}** (target ≥ 60 %${mark(ratio === undefined ? undefined : ratio >= 0.6)}), p99 ${range(g.graphqlVsRest?.p99, x)}, REST CPU / GraphQL CPU per request ${range(g.graphqlVsRest?.cpuEfficiency, pct1)}.`,
    '',
  ];
}

function uploadsSection(u) {
  if (!u || u.unavailable) return [`Uploads: unavailable${u ? `: ${u.unavailable}` : ''}.`, ''];
  const ratio = u.generatedVsBare?.throughput?.median;
  return [
    table(
      ['server', 'uploads/s median (min – max)', 'MB/s median', 'p50 / p99 ms', 'server CPU µs/upload', 'files stored / uploads', 'notes'],
      [
        ['generated `POST /v1/uploads`', 'generated', u.generated],
        ['bare node:http to disk', 'bare', u.bare],
      ].map(([name, key, s]) => [
        name,
        range(s.rps, (v) => fmt(v, 1)),
        fmt(s.mbPerS.median, 1),
        `${fmt(s.p50Ms.median, 1)} / ${fmt(s.p99Ms.median, 1)}`,
        fmt(s.cpuUsPerRequest.median),
        `${u.filesStored?.[key]} / ${u.requests?.[key]}`,
        problems(s),
      ]),
    ),
    '',
    `Generated / bare, round by round: **${range(u.generatedVsBare?.throughput, pct1)}** in uploads/s, and so in MB/s, the body being the same ${fmt(u.bodyBytes / 2 ** 20, 2)} MiB (target ≥ 50 %${mark(ratio === undefined ? undefined : ratio >= 0.5)}); p99 ${range(u.generatedVsBare?.p99, x)}; bare CPU / generated CPU per upload ${range(u.generatedVsBare?.cpuEfficiency, pct1)}.`,
    '',
  ];
}

function memorySection(m) {
  if (!m || m.unavailable) return [`Memory: unavailable${m ? `: ${m.unavailable}` : ''}.`, ''];
  return [
    `${m.uploads} concurrent ${m.mib} MiB uploads (chunked, no declared length) against \`UPLOAD_MAX_BYTES=${m.limit}\`: answers ${Object.entries(
      m.statuses,
    )
      .map(([status, n]) => `${n} × ${status}`)
      .join(
        ', ',
      )}${mark(m.refused)}, each after a median of ${fmt(m.sentMiB?.median, 1)} MiB written to its socket (kernel buffers included); ${m.filesLeft} files left in UPLOAD_DIR${mark(m.filesLeft === 0)}. Resident memory: ${fmt(m.idleRssMiB, 1)} MiB idle, **peak ${fmt(m.peakRssMiB, 1)} MiB (+${fmt(m.growthMiB, 1)} MiB)** sampled every 10 ms; VmHWM ${fmt(m.hwmMiB, 1)} MiB (+${fmt(m.hwmGrowthMiB, 1)} MiB, start-up included), against ${m.uploads * m.mib} MiB sent.`,
    '',
  ];
}

/** The features part's report: per framework, GraphQL against REST, uploads against bare, refused uploads' memory. */
export function renderFeaturesMarkdown(results) {
  const f = results.features;
  const st = f.settings;
  const m = results.machine;
  const pinned = st.pinning?.enabled
    ? `servers pinned to CPU ${st.pinning.serverCpu}, the load generator to CPU ${st.pinning.loadCpu}`
    : `not pinned${st.pinning?.reason ? ` (${st.pinning.reason})` : ''}`;
  const out = [
    `# PERF-2 features (run ${results.finishedAt}${results.quick ? ', `--quick`: indicative only' : ''})`,
    '',
    `**Machine**: ${m.cores} cores (${m.cpuModel}), Node ${m.node}. Commit ${m.commit ?? '?'}. Load average ${results.noise.loadStart.join(' / ')} at start, ${results.noise.loadEnd.join(' / ')} at the end.`,
    '',
    `Per framework one project generated with \`--graphql --uploads\` (JWT, SQLite, \`--resource notes:title:string,body:text?\`), built and seeded with 200 notes through its API, started with \`NODE_ENV=production\`, \`UPLOAD_SCAN=off\` (no \`CLAMAV_URL\`), \`UPLOAD_MAX_BYTES=${st.uploadLimit}\`, rate limits computed and never reached. The load generator keeps ${st.connections} keep-alive connections per target busy; targets take turns in ${st.sliceMs} ms slices (${st.uploadSliceMs} ms for uploads), ${st.durationS} s each per round, ${st.rounds} rounds after a ${st.warmupS} s warm-up; ${pinned}. The token is a fresh login each round. GraphQL query: \`${st.graphqlQuery}\`. Uploads: one part \`file\` holding a PNG signature and random filler; every file stored is deleted after each block.`,
    '',
  ];
  for (const [name, fw] of Object.entries(f.frameworks)) {
    out.push(`## ${name}`, '');
    if (fw.unavailable) {
      out.push(`Unavailable: ${fw.unavailable}`, '');
      continue;
    }
    out.push(...graphqlSection(fw.graphql), ...uploadsSection(fw.uploads), ...memorySection(fw.memory));
  }
  return out.join('\n');
}
