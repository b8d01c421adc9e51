/** The GraphQL names of a resource: `notes` gives the fields notes, note, createNote, updateNote, deleteNote and the type Note. */
export interface ResourceNames {
  /** The list query: the resource's name in camelCase. */
  readonly list: string;
  /** The one-item query, and the stem of the mutations. */
  readonly item: string;
  /** The item's object type. */
  readonly type: string;
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** English plurals as resource names use them: categories → category, boxes → box, notes → note. */
function singular(plural: string): string | undefined {
  if (/[^aeiou]ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  if (/[^s]s$/.test(plural)) return plural.slice(0, -1);
  return undefined;
}

/**
 * The names of a resource's fields and types. A name that is not an English plural keeps
 * itself for the one-item query and takes `List` for the list (`inventory`,
 * `inventoryList`), so the two never clash.
 */
export function resourceNames(name: string): ResourceNames {
  const plural = camel(name);
  const one = singular(plural);
  const item = one ?? plural;
  return { list: one === undefined ? `${plural}List` : plural, item, type: item.charAt(0).toUpperCase() + item.slice(1) };
}
