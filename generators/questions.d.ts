import type { ResourceSpec } from './resource-spec.js';

export interface Ask {
  input(config: { message: string; validate?: (value: string) => string | true; default?: string }): Promise<string>;
  select<V extends string>(config: { message: string; choices: readonly { value: V; name: string; description?: string }[] }): Promise<V>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}
export const TYPE_HINTS: Readonly<Record<string, string>>;
export function askResource(ask: Ask, taken?: Set<string>): Promise<ResourceSpec>;
export function classicInquirerAsk(inquirer: unknown): Ask;
