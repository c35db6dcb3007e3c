import { PAGES } from '../../miniprogram/shared/routes';
import { platesSchemas } from '../../miniprogram/shared/schemas/plates';
import { audit } from '../../backend/core/audit';
import { cloud, findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, precondition } from '../../backend/core/errors';
import { can } from '../../backend/core/identity';
import { loadOrg, loadOrgs, type OrgDoc } from '../../backend/core/orgs';
import { eachPage } from '../../backend/core/paging';
import { action, createRouter } from '../../backend/core/router';
import { storeExport } from '../../backend/exports/store';
import { assertGridInScope, SCOPE_ROLES, type HouseholdDoc } from '../../backend/households/model';
import { platesHtml, type Plate } from './html';
import { posterHtml } from './poster';

/** A printable file holds one grid: a grid is a few hundred doors; past this the grid should be split. */
const MAX_PLATES = 1000;
/** wxacode.getUnlimited calls in flight at once. */
const CONCURRENCY = 8;

async function householdsOf(gridId: string): Promise<HouseholdDoc[]> {
  const out: HouseholdDoc[] = [];
  const pages = eachPage<HouseholdDoc>({
    collection: COLLECTIONS.households,
    where: { gridId, status: 'active' },
    orderBy: 'addrKey',
    order: 'asc',
    limit: 100,
  });
  for await (const rows of pages) {
    out.push(...rows);
    if (out.length > MAX_PLATES)
      throw precondition('TOO_MANY_PLATES', `一个网格最多一次打印 ${MAX_PLATES} 张门牌，请先拆分网格`);
  }
  return out;
}

/** The mini-program code of each scene (opening `page`), fetched a few at a time. */
async function codesFor(scenes: string[], page: string = PAGES.door): Promise<Buffer[]> {
  const out: Buffer[] = new Array(scenes.length);
  let next = 0;
  const lane = async () => {
    while (next < scenes.length) {
      const i = next++;
      const code = (await cloud.openapi.wxacode.getUnlimited({
        scene: scenes[i],
        page,
        checkPath: false,
        width: 280,
      })) as { buffer: Buffer };
      out[i] = code.buffer;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, scenes.length) }, lane));
  return out;
}

export const main = createRouter('plates', {
  /**
   * Door plates of a whole grid in one self-contained HTML page (codes embedded as PNG), laid out for A4 and
   * printed from any browser; stored in cloud storage and audited as an export of the grid's addresses. Like every
   * export, its link is short-lived and the file is deleted by the `exports` function's timer.
   */
  grid: action({
    schema: platesSchemas.grid,
    limit: { max: 10, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [caller, grid] = await Promise.all([ctx.caller(), loadOrg(input.gridId)]);
      assertGridInScope(caller, grid);
      const community = grid.parentId ? await findById<OrgDoc>(COLLECTIONS.orgs, grid.parentId) : undefined;
      const households = await householdsOf(grid._id);
      const codes = await codesFor(households.map((h) => h.scene));
      const plates: Plate[] = households.map((h, i) => ({ scene: h.scene, address: h.address, png: codes[i] }));
      const html = platesHtml({ grid, community, plates, printedAt: new Date() });
      const file = await storeExport({
        cloudPath: `plates/${grid._id}/${Date.now()}.html`,
        content: Buffer.from(html, 'utf8'),
        kind: 'plates.grid',
        targetId: grid._id,
        createdBy: ctx.openid,
      });
      await audit({
        actor: ctx.openid,
        action: 'plates.export',
        targetType: 'org',
        targetId: grid._id,
        orgId: grid._id,
        details: { count: plates.length },
      });
      return { ...file, count: plates.length };
    },
  }),

  /**
   * An org's notice-board poster: its code (opening 首页), where it is, and the community's public contact. Staff
   * and admins over the org and the grid worker of a grid may print it; it holds nothing private, so it is not
   * audited, but it is stored like every export (short link, deleted by the timer).
   */
  poster: action({
    schema: platesSchemas.poster,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [caller, org] = await Promise.all([ctx.caller(), loadOrg(input.orgId)]);
      if (!can(caller, SCOPE_ROLES, org.ancestors)) throw denied('该组织不在你的管辖范围内');
      const above = await loadOrgs(org.ancestors);
      const trail = org.ancestors
        .filter((id) => id !== org._id)
        .map((id) => above.get(id)?.name ?? '')
        .join('');
      // A grid shows its community's hotline and address, and its own grid worker.
      const community = org.level === 'grid' && org.parentId ? above.get(org.parentId) : org;
      const [png] = await codesFor([org.scene], PAGES.home);
      const html = posterHtml({
        name: org.name,
        trail,
        scene: org.scene,
        png,
        contact: community?.contact,
        gridWorker: org.level === 'grid' ? org.contact : null,
        printedAt: new Date(),
      });
      return storeExport({
        cloudPath: `posters/${org._id}/${Date.now()}.html`,
        content: Buffer.from(html, 'utf8'),
        kind: 'plates.poster',
        targetId: org._id,
        createdBy: ctx.openid,
      });
    },
  }),
});
