/** The mini program's own files (see files.js), by paths relative to `miniprogram/`. */
export function listFiles(endings: string[]): string[];
export function readFile(relPath: string): string;
export function exists(relPath: string): boolean;
/** The icon names of the installed TDesign's icon font (icon/icon.wxss). */
export function tdesignIconNames(): Set<string>;
