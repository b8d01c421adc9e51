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

export { runScript } from '../generators/helpers.js';
