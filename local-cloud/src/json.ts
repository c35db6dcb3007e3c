/**
 * JSON from callers, parsed only when its nesting is sane. A body of 100,000 nested `[` is 200 KB, well under the
 * size limit, yet it blows the stack of whatever walks it later (structured cloning into a worker, the query
 * engine, EJSON decoding), so its depth is counted on the raw text first, without building anything.
 */

/** MongoDB's own limit for nested documents; no request of the SDK or of the mini program comes near it. */
export const MAX_JSON_DEPTH = 100;

export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`nested deeper than ${maxDepth} levels`);
  }
}

/** Throws JsonTooDeepError when arrays and objects nest deeper than `maxDepth` (brackets in strings do not count). */
export function checkJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): void {
  // Fewer characters than allowed levels cannot nest too deep: the common small body is not scanned.
  if (text.length <= maxDepth) return;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) throw new JsonTooDeepError(maxDepth);
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
}

/** JSON.parse after the depth check: throws JsonTooDeepError or JSON.parse's SyntaxError. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  checkJsonDepth(text, maxDepth);
  return JSON.parse(text);
}
