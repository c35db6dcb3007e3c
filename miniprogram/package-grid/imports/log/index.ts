import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { listImports } from '../../../services/imports';
import { getOrg } from '../../../services/orgs';
import type { ImportLogView } from '../../../shared/api';
import { ROUTES } from '../../../shared/routes';
import { formatTime } from '../../../utils/format';
import { go } from '../../../utils/navigate';

interface LogItem {
  id: string;
  file: string;
  by: string;
  at: string;
  statusLabel: string;
  done: boolean;
  rows: number;
  households: number;
  members: number;
  errors: number;
}

const STATUS_LABELS: Record<ImportLogView['status'], string> = {
  previewed: '已检查，未导入',
  committing: '导入中断，可继续',
  done: '已导入',
};

const logItem = (l: ImportLogView): LogItem => ({
  id: l.id,
  file: l.file,
  by: l.by,
  at: formatTime(l.at),
  statusLabel: STATUS_LABELS[l.status],
  done: l.status === 'done',
  rows: l.rows,
  households: l.households,
  members: l.members,
  errors: l.errors,
});

/** 导入记录: the ledger imports of an org's subtree, newest first — who, when, which file, counts, errors. */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    orgId: '',
    orgName: '',
    isGrid: false,
    items: [] as LogItem[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async listHead() {
      const org = await getOrg(this.data.orgId);
      return { orgName: org.name, isGrid: org.level === 'grid' };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listImports({ ...query, orgId: this.data.orgId }), logItem);
    },

    goImport() {
      go(ROUTES.ledgerImport(this.data.orgId));
    },
  },
});
