// Google's JSON APIs are protobuf messages: a field may be spelled lowerCamelCase or snake_case,
// and a name the message does not have is an error. Decoders read fields through these helpers.

type Json = Record<string, unknown>;

function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export const protoJson = {
  /** The value of a field under its lowerCamelCase or snake_case name. */
  field(object: Json, camelName: string): unknown {
    const value = object[camelName];
    return value !== undefined ? value : object[toSnakeCase(camelName)];
  },
  /** The first key that is neither a known field nor its snake_case alias, or undefined. */
  unknownKey(object: Json, camelNames: ReadonlySet<string>): string | undefined {
    for (const key of Object.keys(object)) {
      if (camelNames.has(key)) continue;
      const camel = key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
      if (!camelNames.has(camel)) return key;
    }
    return undefined;
  },
};
