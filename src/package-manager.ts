export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const KNOWN: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

/** The package manager that launched us (`npm create`, `pnpm create`, ...), else npm. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return KNOWN.find((pm) => pm === name) ?? 'npm';
}

export function installCommand(pm: string): [string, string[]] {
  return [pm, ['install']];
}

/** How a person runs a package script with this package manager. */
export function runScript(pm: string, script: string): string {
  if (pm === 'npm') return script === 'test' || script === 'start' ? `npm ${script}` : `npm run ${script}`;
  if (pm === 'bun') return `bun run ${script}`;
  return `${pm} ${script}`;
}
