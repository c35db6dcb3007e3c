import crypto from 'node:crypto';
import type { ImportLogView, ImportPreview } from '../../miniprogram/shared/api';
import { ETHNICITIES } from '../../miniprogram/shared/ethnicity';
import { GENDERS, HOUSEHOLD_TAGS, HOUSING_TYPES, RELATIONS, RESIDENCIES } from '../../miniprogram/shared/households';
import { importsSchemas } from '../../miniprogram/shared/schemas/imports';
import { audit } from '../../backend/core/audit';
import { _, cloud, db, findById, isDuplicateKey, type Doc } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { can, hasRole, type Caller } from '../../backend/core/identity';
import { loadActiveOrg, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { action, createRouter, type RequestContext } from '../../backend/core/router';
import { toIso } from '../../backend/core/time';
import { profileName } from '../../backend/core/users';
import { storeExport } from '../../backend/exports/store';
import { visibleOthers } from '../../backend/households/duplicates';
import { sealIdNumber } from '../../backend/households/members';
import { assertGridInScope, SCOPE_ROLES, type MemberDoc } from '../../backend/households/model';
import { writeHousehold } from '../../backend/households/register';
import { LEDGER_HEADERS, householdIdOf, planLedger, type LedgerPlan } from '../../backend/imports/ledger';
import { readSheet, writeSheets } from '../../backend/imports/sheet';

/** The largest ledger taken at once (a community's whole registry; larger ones are split by grid). */
const MAX_ROWS = 5000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Households looked up (are they written already?) and written per step; progress is saved after each step. */
const STEP = 20;
/** Time kept free at the end of an invocation: one step of writes and the progress update. */
const TIME_RESERVE_MS = 8000;
/** `_.in` lists of ID-number hashes per duplicate lookup (the lookup reads at most 100 records). */
const HASHES_PER_LOOKUP = 50;

interface ImportDoc extends Doc {
  by: string;
  byName: string | null;
  gridId: string;
  /** The grid's ancestors (itself included): the import log of an org's subtree is one indexed query. */
  ancestors: string[];
  fileID: string;
  file: string;
  /** sha256 of the file previewed: commit reads the file again and refuses one that has changed. */
  fileHash: string;
  at: Date;
  sortKey: string;
  rows: number;
  valid: number;
  errors: number;
  plannedHouseholds: number;
  plannedMembers: number;
  status: 'previewed' | 'committing' | 'done';
  /** Households of the plan (in file order) known to be written: the next commit goes on from here. */
  next: number;
  households: number;
  members: number;
  committedAt: Date | null;
}

/** The caller's own upload under `imports/<openid>/`: anything else, or a file that is not there, is NOT_FOUND. */
async function ownLedger(openid: string, fileID: string): Promise<Buffer> {
  const path = fileID.replace(/^cloud:\/\/[^/]+/, '');
  const folder = `/imports/${openid}/`;
  if (!path.startsWith(folder) || path.slice(folder.length).includes('/') || path.includes('..')) {
    throw notFound('文件不存在');
  }
  let content: Buffer;
  try {
    content = ((await cloud.downloadFile({ fileID })) as { fileContent: Buffer }).fileContent;
  } catch {
    throw notFound('文件不存在');
  }
  if (content.length > MAX_FILE_BYTES) throw invalid({ fileID: `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB` });
  return content;
}

/** The ledger checked and grouped; a file that is not the template's spreadsheet is INVALID_ARGUMENT on fileID. */
function readLedger(content: Buffer, gridId: string): LedgerPlan {
  const sheet = readSheet(content, LEDGER_HEADERS.length, MAX_ROWS);
  if (!sheet) throw invalid({ fileID: '不是有效的 Excel（.xlsx）文件' });
  if (sheet.header.join('|') !== LEDGER_HEADERS.join('|')) {
    throw invalid({ fileID: `第 1 行应为模板的表头：${LEDGER_HEADERS.join('、')}` });
  }
  if (sheet.tooMany) throw invalid({ fileID: `一次最多导入 ${MAX_ROWS} 行，请按网格分开导入` });
  return planLedger(sheet.rows, gridId);
}

const sha256 = (content: Buffer) => crypto.createHash('sha256').update(content).digest('hex');

async function gridInScope(caller: Caller, gridId: string): Promise<OrgDoc> {
  return assertGridInScope(caller, await loadActiveOrg(gridId));
}

/**
 * Rows whose ID number is already registered where the caller can see it. A number registered only outside the
 * caller's scope is not reported: to them it must look like a number registered nowhere (backend/households/duplicates.ts).
 */
async function existingDuplicates(caller: Caller, plan: LedgerPlan): Promise<number[]> {
  const rowsOf = new Map<string, number[]>();
  for (const { row, idNumber } of plan.idNumbers) {
    const hash = sealIdNumber(idNumber).idNumberHash;
    rowsOf.set(hash, [...(rowsOf.get(hash) ?? []), row]);
  }
  const hashes = [...rowsOf.keys()];
  const found: number[] = [];
  for (let i = 0; i < hashes.length; i += HASHES_PER_LOOKUP) {
    // Stand-ins for the file's rows, flagged as duplicates so that the shared lookup checks them.
    const probes = hashes
      .slice(i, i + HASHES_PER_LOOKUP)
      .map((h) => ({ _id: `probe:${h}`, idNumberHash: h, duplicate: true, status: 'active' }) as MemberDoc);
    const others = await visibleOthers(caller, probes);
    for (const probe of probes) if (others.has(probe._id)) found.push(...rowsOf.get(probe.idNumberHash!)!);
  }
  return found;
}

async function loadImport(caller: Caller, importId: string): Promise<ImportDoc> {
  const doc = await findById<ImportDoc>(COLLECTIONS.imports, importId);
  // Someone else's import, or one outside the caller's scope now, looks like no import at all.
  if (!doc || doc.by !== caller.openid || !can(caller, SCOPE_ROLES, doc.ancestors)) throw notFound('导入记录不存在');
  return doc;
}

const membersUpTo = (plan: LedgerPlan, next: number) =>
  plan.households.slice(0, next).reduce((n, h) => n + h.input.members.length, 0);

function commitResult(doc: Pick<ImportDoc, 'households' | 'members' | 'rows' | 'valid' | 'plannedHouseholds'>) {
  return {
    households: doc.households,
    members: doc.members,
    skipped: doc.rows - doc.valid,
    remaining: doc.plannedHouseholds - doc.households,
  };
}

/**
 * Writes the plan's households from `doc.next` on, each exactly as `households.create` writes it, under an id
 * derived from the import and its address: a household already there (a step that ran before a crash) is not
 * written again. Progress is saved after each step; the call stops before its time runs out, or after `limit`.
 */
async function writePlan(doc: ImportDoc, plan: LedgerPlan, grid: OrgDoc, ctx: RequestContext, limit: number) {
  let next = doc.next;
  const stop = Math.min(plan.households.length, next + limit);
  while (next < stop && Date.now() < ctx.deadline - TIME_RESERVE_MS) {
    const step = plan.households.slice(next, Math.min(stop, next + STEP));
    const ids = step.map((h) => householdIdOf(doc._id, h.key));
    const { data } = await db
      .collection(COLLECTIONS.households)
      .where({ _id: _.in(ids) })
      .field({ _id: true })
      .limit(ids.length)
      .get();
    const written = new Set(data.map((d) => d._id));
    for (const [i, household] of step.entries()) {
      if (written.has(ids[i])) continue;
      try {
        await writeHousehold(household.input, doc.by, grid, ids[i]);
      } catch (err) {
        // Another commit of the same import wrote it a moment ago.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    next += step.length;
    await db
      .collection(COLLECTIONS.imports)
      .doc(doc._id)
      .update({
        data: { status: 'committing', next, households: next, members: membersUpTo(plan, next) },
      });
  }
  return next;
}

async function template(ctx: RequestContext) {
  if (!hasRole(await ctx.caller(), SCOPE_ROLES)) throw denied();
  const names = (list: readonly { label: string }[]) => list.map((x) => x.label).join('、');
  const content = writeSheets([
    { name: '台账', rows: [[...LEDGER_HEADERS]], widths: LEDGER_HEADERS.map((h) => (h === '身份证号' ? 22 : 12)) },
    {
      name: '填写说明',
      widths: [14, 100],
      rows: [
        ['列', '填写'],
        ['小区 楼栋 单元 门牌', '楼栋、门牌必填；四项相同的行为同一户'],
        ['住房类型', names(HOUSING_TYPES)],
        ['与户主关系', names(RELATIONS)],
        ['性别', names(GENDERS)],
        [
          '民族',
          `按 GB/T 3304 填写，如：${ETHNICITIES.slice(0, 8)
            .map((e) => e.name)
            .join('、')}`,
        ],
        ['身份证号', '18 位，请设为文本格式（否则末几位会丢失）'],
        ['手机号', '11 位手机号'],
        ['户籍类型', names(RESIDENCIES)],
        ['来本地时间', 'YYYY-MM-DD，如 2019-03-01'],
        ['语言', '多个以“、”分隔，如：普通话、彝语'],
        ['标签', `多个以“、”分隔：${names(HOUSEHOLD_TAGS)}`],
      ],
    },
  ]);
  const file = await storeExport({
    cloudPath: `exports/imports/ledger-template-${crypto.randomBytes(6).toString('hex')}.xlsx`,
    content,
    kind: 'imports.template',
    targetId: 'template',
    createdBy: ctx.openid,
  });
  return { fileID: file.fileID, tempFileURL: file.tempUrl ?? '' };
}

export const main = createRouter('imports', {
  /** An empty ledger with the template's headers (and a sheet that says what each column takes). */
  template: action({
    schema: importsSchemas.template,
    limit: { max: 30, windowSeconds: 3600 },
    handler: (_input, ctx) => template(ctx),
  }),

  /** Reads the caller's uploaded ledger, checks every row, finds duplicates; writes only the import record. */
  preview: action({
    schema: importsSchemas.preview,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx): Promise<ImportPreview> {
      const caller = await ctx.caller();
      const grid = await gridInScope(caller, input.gridId);
      const content = await ownLedger(ctx.openid, input.fileID);
      const plan = readLedger(content, grid._id);
      const existing = await existingDuplicates(caller, plan);
      const at = new Date();
      const _id = crypto.randomBytes(16).toString('hex');
      const valid = plan.households.reduce((n, h) => n + h.rows.length, 0);
      const doc: ImportDoc = {
        _id,
        by: ctx.openid,
        byName: (await profileName(ctx.openid)) ?? null,
        gridId: grid._id,
        ancestors: grid.ancestors,
        fileID: input.fileID,
        file: input.fileID.split('/').pop()!.slice(0, 100),
        fileHash: sha256(content),
        at,
        sortKey: `${at.getTime().toString(36).padStart(10, '0')}-${_id}`,
        rows: plan.rows,
        valid,
        errors: new Set(plan.errors.map((e) => e.row)).size,
        plannedHouseholds: plan.households.length,
        plannedMembers: valid,
        status: 'previewed',
        next: 0,
        households: 0,
        members: 0,
        committedAt: null,
      };
      await db.collection(COLLECTIONS.imports).add({ data: doc });
      const duplicates = [
        ...plan.inFile.map((row) => ({ row, kind: 'in_file' as const })),
        ...existing.map((row) => ({ row, kind: 'existing' as const })),
      ].sort((a, b) => a.row - b.row);
      return {
        importId: _id,
        rows: plan.rows,
        households: plan.households.length,
        valid,
        errors: plan.errors,
        duplicates,
      };
    },
  }),

  /**
   * Writes the previewed households, resumably: each call goes on where the last stopped, and one made after the
   * import is done writes nothing. The uploaded ledger is deleted once everything is written.
   */
  commit: action({
    schema: importsSchemas.commit,
    limit: { max: 120, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const doc = await loadImport(caller, input.importId);
      if (doc.status === 'done') return commitResult(doc);
      const grid = await gridInScope(caller, doc.gridId);
      const content = await ownLedger(ctx.openid, doc.fileID);
      if (sha256(content) !== doc.fileHash) {
        throw precondition('FILE_CHANGED', '文件在预览后被修改，请重新预览');
      }
      const plan = readLedger(content, grid._id);
      const next = await writePlan(doc, plan, grid, ctx, input.limit ?? MAX_ROWS);
      const progress = { ...doc, next, households: next, members: membersUpTo(plan, next) };
      if (next < plan.households.length) return commitResult(progress);
      const done = {
        status: 'done' as const,
        next,
        households: next,
        members: progress.members,
        committedAt: new Date(),
      };
      const { stats } = await db
        .collection(COLLECTIONS.imports)
        .where({ _id: doc._id, status: _.neq('done') })
        .update({ data: done });
      if (stats.updated) {
        await audit({
          actor: ctx.openid,
          action: 'imports.commit',
          targetType: 'import',
          targetId: doc._id,
          orgId: doc.gridId,
          details: { rows: doc.rows, households: next, members: progress.members, skipped: doc.rows - doc.valid },
        });
        // The ledger holds every ID number in plain text: it is not kept once its households are written.
        await Promise.resolve(cloud.deleteFile({ fileList: [doc.fileID] })).catch(() => undefined);
      }
      return commitResult(progress);
    },
  }),

  /** The import log of an org's subtree, newest first. */
  list: action({
    schema: importsSchemas.list,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const org = await loadOrg(input.orgId);
      if (!can(caller, SCOPE_ROLES, org.ancestors)) throw denied();
      const page = await readPage<ImportDoc>({
        collection: COLLECTIONS.imports,
        where: { ancestors: org._id },
        orderBy: 'sortKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(page, (d): ImportLogView => ({
        id: d._id,
        by: d.byName ?? '未留名',
        at: toIso(d.at),
        file: d.file,
        rows: d.rows,
        households: d.households,
        members: d.members,
        errors: d.errors,
        gridId: d.gridId,
        status: d.status,
      }));
    },
  }),
});
