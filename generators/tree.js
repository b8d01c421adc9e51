// Every change a generator makes is held in memory first, then written all or nothing.
// The CLI renders a whole project into one tree; `npm run gen` plans a resource into one;
// both commit the same way, and a failure half-way puts back everything already written.

import fs from 'node:fs';
import path from 'node:path';

/** @typedef {{ path: string, content: string | Buffer }} Created */
/** @typedef {{ path: string, before: string, after: string }} Modified */

/**
 * @param {string} rel
 * @returns {string}
 */
function checked(rel) {
  const normal = path.posix.normalize(rel.split(path.sep).join('/'));
  if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) {
    throw new Error(`refusing to write outside the project: ${JSON.stringify(rel)}`);
  }
  return normal;
}

export class ChangeCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ChangeCancelled';
  }
}

export class FileTree {
  /**
   * @param {string} root the folder the paths are relative to
   * @param {{ onDisk?: 'refuse' | 'ignore' }} [options] `refuse` (default): creating a path
   *   that exists on disk is an error; `ignore`: the caller has checked the target (a
   *   whole project, where clashes are refused or backed up before anything is written).
   */
  constructor(root, options = {}) {
    this.root = root;
    this.onDisk = options.onDisk ?? 'refuse';
    /** @type {Map<string, string | Buffer>} */
    this.created = new Map();
    /** @type {Map<string, Modified>} */
    this.modified = new Map();
    /** Permission bits of created files that must not get the default (`.env`: 0600). @type {Map<string, number>} */
    this.modes = new Map();
  }

  /** @param {string} rel */
  exists(rel) {
    const key = checked(rel);
    return this.created.has(key) || this.modified.has(key) || (this.onDisk === 'refuse' && fs.existsSync(path.join(this.root, key)));
  }

  /**
   * The file as the tree holds it: changed in memory, else on disk.
   * @param {string} rel
   * @returns {string}
   */
  read(rel) {
    const key = checked(rel);
    const created = this.created.get(key);
    if (created !== undefined) return created.toString();
    const modified = this.modified.get(key);
    if (modified !== undefined) return modified.after;
    return fs.readFileSync(path.join(this.root, key), 'utf8');
  }

  /**
   * @param {string} rel
   * @param {string | Buffer} content
   * @param {{ mode?: number }} [options] `mode`: permission bits, such as 0o600 for a file
   *   holding secrets; the file is created with them, never readable by others in between.
   */
  create(rel, content, options = {}) {
    const key = checked(rel);
    if (this.exists(key)) throw new Error(`File already exists: ${key}`);
    this.created.set(key, content);
    if (options.mode !== undefined) this.modes.set(key, options.mode);
  }

  /**
   * Replaces a file's content; the file on disk is read now, and checked again before the commit.
   * @param {string} rel
   * @param {string} content
   */
  overwrite(rel, content) {
    const key = checked(rel);
    if (this.created.has(key)) {
      this.created.set(key, content);
      return;
    }
    const known = this.modified.get(key);
    const before = known?.before ?? fs.readFileSync(path.join(this.root, key), 'utf8');
    this.modified.set(key, { path: key, before, after: content });
  }

  /**
   * Paths on disk that creating the files would overwrite or block: the file itself, or a
   * file standing where one of its folders goes.
   * @returns {string[]}
   */
  clashes() {
    const found = new Set();
    for (const rel of this.created.keys()) {
      const parts = rel.split('/');
      for (let i = 1; i <= parts.length; i += 1) {
        const sub = parts.slice(0, i).join('/');
        let stat;
        try {
          stat = fs.lstatSync(path.join(this.root, sub));
        } catch {
          break;
        }
        if (i === parts.length || !stat.isDirectory()) {
          found.add(sub);
          break;
        }
      }
    }
    return [...found].sort();
  }

  /** @returns {{ action: 'create' | 'modify', path: string }[]} every change, sorted by path */
  changes() {
    return [
      ...[...this.created.keys()].map((p) => ({ action: /** @type {const} */ ('create'), path: p })),
      ...[...this.modified.keys()].map((p) => ({ action: /** @type {const} */ ('modify'), path: p })),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Writes every change, all or nothing, with synchronous calls: a project is about a hundred
   * small files, and an asynchronous write would cost a round trip through libuv's thread
   * pool for each. Files that exist where a created file goes are first
   * moved into `backupDir` (relative to the root) when one is given; otherwise they are an
   * error; the backup of a file replaced by one with its own mode (a `.env`) is narrowed to
   * that mode, so old secrets stay as private as new ones. A modified file that changed on
   * disk since it was read is an error. On any
   * failure everything done is undone and the error is thrown; when `signal` was aborted
   * before the commit (a Ctrl-C while rendering), nothing is written (ChangeCancelled).
   * @param {{ backupDir?: string, signal?: AbortSignal }} [options]
   * @returns {Promise<{ written: string[], backedUp: string[] }>}
   */
  async commit(options = {}) {
    const { backupDir, signal } = options;
    /** @type {string[]} */
    const madeDirs = [];
    /** @type {string[]} */
    const written = [];
    /** @type {Modified[]} */
    const rewritten = [];
    /** @type {string[]} */
    const backedUp = [];
    /** Backups whose mode was narrowed, with the mode to put back on failure. @type {Map<string, number>} */
    const narrowed = new Map();
    const abs = (/** @type {string} */ rel) => path.join(this.root, rel);
    const ensureDir = (/** @type {string} */ dir) => {
      const missing = [];
      for (let current = dir; !fs.existsSync(current); current = path.dirname(current)) missing.unshift(current);
      for (const folder of missing) {
        fs.mkdirSync(folder);
        madeDirs.push(folder);
      }
    };
    if (signal?.aborted) throw new ChangeCancelled();
    try {
      for (const { path: rel, before } of this.modified.values()) {
        if (fs.readFileSync(abs(rel), 'utf8') !== before) throw new Error(`${rel} changed while the change was being prepared`);
      }
      for (const rel of this.clashes()) {
        if (backupDir === undefined) throw new Error(`File already exists: ${rel}`);
        const to = abs(path.join(backupDir, rel));
        ensureDir(path.dirname(to));
        fs.renameSync(abs(rel), to);
        backedUp.push(rel);
        const mode = this.modes.get(rel);
        if (mode !== undefined) {
          const before = fs.statSync(to).mode & 0o7777;
          narrowed.set(rel, before);
          fs.chmodSync(to, before & mode);
        }
      }
      for (const [rel, content] of this.created) {
        ensureDir(path.dirname(abs(rel)));
        fs.writeFileSync(abs(rel), content, { flag: 'wx', mode: this.modes.get(rel) });
        written.push(rel);
      }
      for (const change of this.modified.values()) {
        fs.writeFileSync(abs(change.path), change.after);
        rewritten.push(change);
      }
    } catch (error) {
      for (const change of rewritten.reverse()) await fs.promises.writeFile(abs(change.path), change.before).catch(() => {});
      for (const rel of written.reverse()) await fs.promises.rm(abs(rel), { force: true }).catch(() => {});
      for (const [rel, mode] of narrowed)
        await fs.promises.chmod(abs(path.join(/** @type {string} */ (backupDir), rel)), mode).catch(() => {});
      for (const rel of backedUp.reverse())
        await fs.promises.rename(abs(path.join(/** @type {string} */ (backupDir), rel)), abs(rel)).catch(() => {});
      for (const folder of madeDirs.reverse()) await fs.promises.rmdir(folder).catch(() => {});
      throw error;
    }
    return { written: [...written, ...rewritten.map((change) => change.path)], backedUp };
  }
}
