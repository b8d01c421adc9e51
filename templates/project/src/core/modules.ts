import type { z } from 'zod';
import type { ConfigIssue } from './env.js';
import type { Db } from './db/database.js';
import type { Migration } from './db/migrations.js';
import type { Logger } from './logger.js';
import type { SecurityScheme } from './openapi.js';
import type { Operation } from './operation.js';
import type { Authenticator } from './principal.js';
import type { RateLimitStores } from './rate-limit-store.js';

/** Environment variables a module reads, and how they become its settings. */
export interface ConfigSection<Shape extends z.ZodRawShape, Settings> {
  readonly env: Shape;
  /** Cross-variable rules (and production-only rules) beyond each variable's own schema. */
  read(vars: { readonly [K in keyof Shape]: z.output<Shape[K]> }, production: boolean): { settings: Settings; issues: ConfigIssue[] };
}

export interface AuthModuleDependencies<Settings> {
  readonly db: Db;
  readonly settings: Settings;
  /** Where the module's own rate-limit layers keep their counts (`stores.layer(name)`). */
  readonly stores: RateLimitStores;
  readonly logger: Logger;
  /** Every scope the declared operations need (`<resource>:read|write`). */
  readonly scopes: ReadonlySet<string>;
}

/**
 * An auth style. Several can be active at once: each brings its variables, tables,
 * operations and OpenAPI security schemes, and an authenticator that reads the
 * request's headers. `create` builds the service its operations reach as
 * `services[name]`.
 */
export interface AuthModule<Name extends string, Shape extends z.ZodRawShape, Settings, Service> {
  readonly name: Name;
  readonly config: ConfigSection<Shape, Settings>;
  /** Its tables; the layer's layer.json names them, so no resource takes their names. */
  readonly migrations: readonly Migration[];
  readonly securitySchemes: readonly SecurityScheme[];
  readonly operations: readonly Operation<{ readonly [K in Name]: Service }>[];
  create(dependencies: AuthModuleDependencies<Settings>): {
    readonly service: Service;
    readonly authenticator: Authenticator;
    /** Stops what the module runs in the background (timers), when it runs anything. */
    readonly close?: () => void;
  };
}

/** Where the data lives: DATABASE_URL (and the dialect's own variables) for one dialect. */
export interface DatabaseModule<Shape extends z.ZodRawShape, Settings> {
  readonly dialect: Db['dialect'];
  /** Its variables, DATABASE_URL among them: a URL for another dialect is refused there, naming the variable. */
  readonly config: ConfigSection<Shape, Settings>;
  open(settings: Settings): Promise<Db>;
}

/** Where rate-limit counts are kept: one store per layer. */
export interface RateLimitStoreModule<Shape extends z.ZodRawShape, Settings> {
  readonly name: string;
  readonly config: ConfigSection<Shape, Settings>;
  create(dependencies: { readonly logger: Logger; readonly settings: Settings }): RateLimitStores;
}

export interface FeatureModuleDependencies<Settings> {
  readonly db: Db;
  readonly settings: Settings;
  readonly logger: Logger;
}

/**
 * An optional feature of the API (uploads, GraphQL): its variables, its tables, the
 * operations it adds to the one list (served by every adapter like any other), and the
 * service they reach as `services[name]`, built once by `create`; `close` releases what
 * it holds. `Needs` is what its operations use of the other services.
 */
export interface FeatureModule<Name extends string, Shape extends z.ZodRawShape, Settings, Service, Needs = unknown> {
  readonly name: Name;
  readonly config: ConfigSection<Shape, Settings>;
  /** Its tables; the layer's layer.json names them, so no resource takes their names. */
  readonly migrations: readonly Migration[];
  readonly operations: readonly Operation<Needs & { readonly [K in Name]: Service }>[];
  create(dependencies: FeatureModuleDependencies<Settings>): {
    readonly service: Service;
    readonly close?: () => Promise<void>;
  };
}
