export type FieldType = 'string' | 'text' | 'int' | 'number' | 'boolean' | 'email' | 'url' | 'uuid' | 'datetime' | 'enum';

export interface FieldSpec {
  name: string;
  type: FieldType;
  optional: boolean;
  values?: string[];
}

export interface ResourceSpec {
  name: string;
  fields: FieldSpec[];
}

export interface ResourceTemplateData {
  name: string;
  camel: string;
  pascal: string;
  table: string;
  path: string;
  spec: string;
  fields: (FieldSpec & { column: string })[];
}

export const FIELD_TYPES: readonly FieldType[];
export const RESOURCE_NAME_PATTERN: RegExp;
export const FIELD_NAME_PATTERN: RegExp;
export const ENUM_VALUE_PATTERN: RegExp;
export const MAX_FIELDS: number;
export const MAX_ENUM_VALUES: number;
export const RESERVED_RESOURCE_NAMES: readonly string[];
export const RESERVED_FIELD_NAMES: readonly string[];
export class ResourceSpecError extends Error {}
export function validateResourceName(name: unknown): string | undefined;
export function validateFieldName(name: unknown): string | undefined;
export function validateEnumValues(values: unknown): string | undefined;
export function parseFieldType(raw: string, fieldName?: string): { type: FieldType; optional: boolean; values?: string[] };
export function parseResourceSpec(spec: string): ResourceSpec;
export function validateResource(resource: unknown): ResourceSpec;
export function validateResources(resources: readonly unknown[]): ResourceSpec[];
export function formatResourceSpec(resource: ResourceSpec): string;
export function toCamel(kebab: string): string;
export function toPascal(kebab: string): string;
export function toSnake(name: string): string;
export function resourceTemplateData(resource: unknown): ResourceTemplateData;
