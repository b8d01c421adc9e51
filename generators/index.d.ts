import type { ProjectContext } from './context.js';

export const DEFAULT_TEMPLATES_DIR: string;
export const REGISTRY_FILE: string;
export const IMPORT_MARKER: string;
export const LIST_MARKER: string;
export class RenderError extends Error {
  failures: unknown[];
}
export function renderProject(context: ProjectContext, destDir: string, templatesDir?: string): Promise<string[]>;
export function plannedFiles(context: ProjectContext, templatesDir?: string): string[];
/** Precompiled Handlebars template specs keyed by the SHA-256 of the template text. */
export function usePrecompiledTemplates(specs: Map<string, unknown>): void;
