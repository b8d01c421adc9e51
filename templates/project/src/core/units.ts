const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const SIZE = /^(\d{1,9})(b|kb|mb)?$/;

const MS_PER_UNIT = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const BYTES_PER_UNIT = { b: 1, kb: 1_024, mb: 1_048_576 } as const;

/** Parses "500ms", "30s", "15m", "2h", "7d" into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return Number(match[1]) * MS_PER_UNIT[match[2] as keyof typeof MS_PER_UNIT];
}

/** Parses "512", "512b", "100kb", "1mb" into bytes. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return Number(match[1]) * BYTES_PER_UNIT[(match[2] ?? 'b') as keyof typeof BYTES_PER_UNIT];
}
