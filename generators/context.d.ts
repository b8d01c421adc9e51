import type { ResourceSpec } from './resource-spec.js';

export function newSecret(): string;
export interface ProjectContext {
  projectName: string;
  framework: string;
  auth: string;
  db: string;
  resources: ResourceSpec[];
  [key: string]: unknown;
}
export function projectContext(answers: object, options?: { version?: string; secrets?: Record<string, string> }): ProjectContext;
