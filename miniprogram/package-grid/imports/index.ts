import { openExportFile } from '../../utils/export';
import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { CloudCallError } from '../../services/errors';
import { commitLedger, ledgerTemplate, previewLedger, uploadLedger } from '../../services/imports';
import { getOrg } from '../../services/orgs';
import type { ImportCommitResult, ImportPreview } from '../../shared/api';
import { ROUTES } from '../../shared/routes';
import { toast, toastError, whileBusy } from '../../utils/feedback';
import { go, goBack } from '../../utils/navigate';
import { requirePrivacy } from '../../utils/privacy';

type Step = 'choose' | 'preview' | 'committing' | 'done';

interface PreviewView {
  importId: string;
  file: string;
  rows: number;
  households: number;
  valid: number;
  errorCount: number;
  errors: { key: string; row: number; field: string; message: string }[];
  duplicates: { key: string; row: number; text: string }[];
  /** More errors than listed. */
  moreErrors: number;
}

/** Rows listed on the phone; the rest are counted (the whole list is in the import record's counts). */
const LISTED = 100;
/** Commit calls in a row that write nothing before the page gives up (the import record keeps the progress). */
const MAX_STALLS = 3;

const DUPLICATE_TEXT = {
  in_file: '与前面某行身份证号相同，本行不导入',
  existing: '已在你管辖的住户中登记过，仍会导入并标记重复',
} as const;

function previewView(p: ImportPreview, file: string): PreviewView {
  return {
    importId: p.importId,
    file,
    rows: p.rows,
    households: p.households,
    valid: p.valid,
    errorCount: p.errors.length,
    errors: p.errors.slice(0, LISTED).map((e, i) => ({ key: `e${i}`, ...e })),
    duplicates: p.duplicates
      .slice(0, LISTED)
      .map((d, i) => ({ key: `d${i}`, row: d.row, text: DUPLICATE_TEXT[d.kind] })),
    moreErrors: Math.max(0, p.errors.length - LISTED),
  };
}

/**
 * 导入住户台账 (grid workers, staff, admins) into one grid: the template (opened, to forward to a computer), the
 * filled .xlsx chosen from a WeChat chat (`wx.chooseMessageFile`: how staff move files between PC and phone),
 * uploaded to the user's own folder, previewed (counts, every bad row with its field and reason, duplicates), then
 * committed: `imports.commit` is called again while households remain, and the result shown. 导入记录 lists them.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    gridId: '',
    gridName: '',
    step: 'choose' as Step,
    preview: null as PreviewView | null,
    written: 0,
    percent: 0,
    result: null as ImportCommitResult | null,
    /** The last commit failed: 继续导入 resumes where it stopped. */
    stopped: false,
    working: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ gridId: query.gridId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      return { gridName: (await getOrg(this.data.gridId)).name };
    },

    /** The template: opened in WeChat (its menu forwards it to 文件传输助手 for a computer); locally its link is copied. */
    downloadTemplate() {
      return whileBusy(this, 'working', async () => {
        try {
          await openExportFile(await ledgerTemplate(), '模板下载链接已复制');
        } catch (err) {
          toastError(err);
        }
      });
    },

    /** A filled ledger from a chat: uploaded, then checked row by row (nothing is written yet). */
    chooseFile() {
      return whileBusy(this, 'working', async () => {
        let chosen: { path: string; name: string } | undefined;
        try {
          const res = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
          chosen = res.tempFiles[0];
        } catch {
          return; // the user backed out
        }
        if (!chosen) return;
        if (!/\.xlsx$/i.test(chosen.name)) {
          toast('请选择 Excel 文件（.xlsx）');
          return;
        }
        if (!(await requirePrivacy('上传住户台账'))) return;
        try {
          wx.showLoading({ title: '正在检查…', mask: true });
          const fileID = await uploadLedger(chosen.path, chosen.name);
          const preview = await previewLedger({ gridId: this.data.gridId, fileID });
          this.setData({ step: 'preview', preview: previewView(preview, chosen.name), result: null });
        } catch (err) {
          toastError(err);
        } finally {
          wx.hideLoading();
        }
      });
    },

    again() {
      this.setData({ step: 'choose', preview: null, result: null, stopped: false, written: 0, percent: 0 });
    },

    /** Writes the previewed households, calling commit again while some remain. */
    commit() {
      const preview = this.data.preview;
      if (!preview) return undefined;
      return whileBusy(this, 'working', async () => {
        this.setData({ step: 'committing', stopped: false });
        try {
          const result = await this.commitAll(preview.importId, preview.households);
          this.setData({ step: 'done', result });
        } catch (err) {
          this.setData({ stopped: true });
          toastError(err);
        }
      });
    },

    async commitAll(importId: string, total: number): Promise<ImportCommitResult> {
      let stalls = 0;
      for (;;) {
        const res = await commitLedger(importId);
        const progressed = res.households > this.data.written;
        this.setData({ written: res.households, percent: total ? Math.round((res.households / total) * 100) : 100 });
        if (res.remaining <= 0) return res;
        stalls = progressed ? 0 : stalls + 1;
        if (stalls >= MAX_STALLS) throw new CloudCallError('INTERNAL', '导入暂停了，请稍后点「继续导入」');
      }
    },

    goLog() {
      go(ROUTES.importLog(this.data.gridId));
    },

    goHouseholds() {
      go(ROUTES.householdList(this.data.gridId));
    },

    goBack() {
      goBack();
    },
  },
});
