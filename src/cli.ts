// Entry point. Kept tiny so `--help` answers fast and old Node gets a clear message.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`create-secure-api needs Node.js 20.19 or newer; this is ${process.version}.\n`);
  process.exit(1);
}

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
