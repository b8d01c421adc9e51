import { ANSWER_OPTIONS, RUN_OPTIONS, isOffered, type AnswerOption } from './options.js';

function answerLines(): [string, string][] {
  const lines: [string, string][] = [];
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    if (!isOffered(option)) continue;
    if (option.kind === 'choice') {
      const values = option.choices.map((ch) => ch.value).join('|');
      const fallback = option.default === 'detect' ? '' : ` (default ${option.default})`;
      lines.push([`--${option.flag} <${values}>`, `${option.help}${fallback}`]);
    } else if (option.kind === 'boolean') {
      lines.push([`--${option.flag} / --no-${option.flag}`, `${option.help} (default ${option.default ? 'yes' : 'no'})`]);
    } else {
      lines.push([`--${option.flag} <${option.valueName}>`, option.help]);
    }
  }
  return lines;
}

function runLines(): [string, string][] {
  return RUN_OPTIONS.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${o.flag}${o.valueName ? ` <${o.valueName}>` : ''}`;
    return [flag, o.help];
  });
}

export function renderHelp(version: string): string {
  const rows = [...answerLines(), ...runLines()];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const format = (list: [string, string][]) => list.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`).join('\n');
  return `create-secure-api ${version}
Scaffold a hardened TypeScript API: validated inputs, JWT, API-key or OIDC auth, rate
limits, security headers, owner-scoped data and a test suite that attacks it.

Usage: create-secure-api [dir] [options]
       npm create secure-api@latest [dir] -- [options]

Answers (asked interactively on a terminal unless given or --yes):
${format(answerLines())}

Run:
${format(runLines())}

Resource spec: name:field:type[,field:type]...  ("?" after a type makes the field optional)
  types: string text int number boolean email url uuid datetime enum(a|b|c)
  e.g.   --resource "invoices:amount:number,paidAt:datetime?,status:enum(draft|sent|paid)"

Exit codes: 0 done (a first commit git refused is a warning), 1 failed, 2 invalid usage,
130 cancelled (during the install: the files are in place).
`;
}
