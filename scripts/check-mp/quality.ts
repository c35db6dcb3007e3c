/**
 * WeChat's code-quality check (DevTools' 代码质量 panel; miniprogram-ci's `checkCodeQuality`), as errors: a failed
 * item fails the check, except findings that lie only in third-party code (miniprogram_npm/), which become notes.
 */
import path from 'node:path';
import { lineOf } from './project';
import type { CheckError, QualityItem } from './types';

/** The project.config.json `setting` each compression item asks for. */
const COMPRESSION_SETTING: Record<string, string> = {
  JS_COMPRESS_OPEN: 'minified',
  WXML_COMPRESS_OPEN: 'minifyWXML',
  WXSS_COMPRESS_OPEN: 'minifyWXSS',
};

const isThirdParty = (file: string) => file.split('/').includes('miniprogram_npm');

/** The file paths an item's `detail` names (a list, or `{ files }`), relative to the mini program root. */
function detailFiles(detail: unknown): string[] | undefined {
  const list = Array.isArray(detail) ? detail : (detail as { files?: unknown } | undefined)?.files;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : undefined;
}

export interface QualityFindings {
  errors: CheckError[];
  notes: string[];
}

export function qualityFindings(
  items: QualityItem[],
  dirs: { stageDir: string; miniprogramRoot: string },
): QualityFindings {
  const { stageDir, miniprogramRoot } = dirs;
  const errors: CheckError[] = [];
  const notes: string[] = [];
  const appJson = path.posix.join(miniprogramRoot, 'app.json');
  for (const item of items.filter((i) => !i.success)) {
    const message = `${item.name}: ${item.text ?? 'failed'}`.replace(/[\s:]+$/, '');
    const setting = COMPRESSION_SETTING[item.name];
    if (setting) {
      const line = lineOf(path.join(stageDir, 'project.config.json'), '"setting"');
      errors.push({ source: 'quality', file: 'project.config.json', line, message: `${message} (setting.${setting})` });
      continue;
    }
    const files = detailFiles(item.detail);
    if (files && files.length > 0) {
      for (const file of files) {
        const where = path.posix.join(miniprogramRoot, file);
        if (isThirdParty(file)) notes.push(`${message}: ${where} (third-party code)`);
        else errors.push({ source: 'quality', file: where, line: 1, message });
      }
      continue;
    }
    const line = lineOf(
      path.join(stageDir, appJson),
      item.name === 'LAZYCODE_LOADING_OPEN' ? '"lazyCodeLoading"' : '{',
    );
    errors.push({ source: 'quality', file: appJson, line, message });
  }
  return { errors, notes };
}
