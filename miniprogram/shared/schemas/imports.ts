import * as v from 'valibot';
import { id, listParams } from './common';

/**
 * A file the mini program uploaded to cloud storage (`cloud://…`), at most 300 characters. Its name may hold spaces
 * (`台账 2026.xlsx`), as cloud paths may; no line breaks or tabs.
 */
const fileID = v.pipe(v.string('必须是文本'), v.trim(), v.regex(/^cloud:\/\/[^\t\n\v\f\r]{1,290}$/, '文件标识无效'));

export const importsSchemas = {
  template: v.strictObject({}),
  preview: v.strictObject({ gridId: id, fileID }),
  commit: v.strictObject({
    importId: id,
    /** At most this many households in this call (the rest on the next); the time limit may stop it sooner. */
    limit: v.optional(
      v.pipe(
        v.number('必须是数字'),
        v.integer('必须是整数'),
        v.minValue(1, '最小为 1'),
        v.maxValue(5000, '最大为 5000'),
      ),
    ),
  }),
  list: v.strictObject({ orgId: id, ...listParams }),
};
