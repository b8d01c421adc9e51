// Entry point. Kept tiny so `--help` answers fast and old Node gets a clear message.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`create-secure-api needs Node.js 20.19 or newer; this is ${process.version}.\n`);
  process.exit(1);
}

// `create-secure-api x --dry-run | head -1`: the reader left, so there is no one to tell.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

const argv = process.argv.slice(2);
const wants = (long: string, short: string) => argv.includes(long) || argv.includes(short);

if (wants('--help', '-h') || wants('--version', '-v')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  if (wants('--help', '-h')) {
    const { renderHelp } = await import('./help.js');
    process.stdout.write(renderHelp(pkg.version));
  } else {
    process.stdout.write(`${pkg.version}\n`);
  }
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
