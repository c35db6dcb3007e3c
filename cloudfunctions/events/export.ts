import crypto from 'node:crypto';
import { DIETARY_LABELS, SIGNUP_STATUS_LABELS } from '../../miniprogram/shared/events';
import { maskPhone } from '../../miniprogram/shared/mask';
import { _ } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { eachPage } from '../../backend/core/paging';
import { decrypt } from '../../backend/core/pii';
import { toIso } from '../../backend/core/time';
import type { EventDoc, SignupDoc } from '../../backend/events/model';
import { writeXlsx, type XlsxFile } from '../../backend/exports/xlsx';

const PAGE = 500;
const MAX_ROWS = 5000;
const chinaTime = (d: Date | null | undefined) => (d ? toIso(d).slice(0, 16).replace('T', ' ') : '');

/** Active sign-ups (confirmed, then waitlisted, each in sign-up order), bounded. */
async function activeSignups(eventId: string): Promise<SignupDoc[]> {
  const out: SignupDoc[] = [];
  const pages = eachPage<SignupDoc>(
    {
      collection: COLLECTIONS.signups,
      where: { eventId, status: _.in(['confirmed', 'waitlisted']) },
      orderBy: 'queueKey',
      order: 'asc',
      limit: PAGE,
    },
    MAX_ROWS / PAGE,
  );
  for await (const rows of pages) out.push(...rows);
  const rank = (s: SignupDoc) => (s.status === 'confirmed' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.queueKey.localeCompare(b.queueKey));
}

const HEADER = ['序号', '联系人', '手机号', '人数', '状态', '菜品', '风味', '清真', '饮食需求', '签到时间', '报名时间'];
const WIDTHS = [6, 12, 14, 6, 8, 16, 12, 6, 12, 18, 18];

function rowsOf(signups: SignupDoc[], masked: boolean): (string | number)[][] {
  return signups.map((s, i) => {
    const phone = decrypt(s.contactPhoneEnc);
    return [
      i + 1,
      s.contactName,
      masked ? maskPhone(phone) : phone,
      s.partySize,
      SIGNUP_STATUS_LABELS[s.status],
      s.dish?.name ?? '',
      s.dish?.cuisine ?? '',
      s.dish ? (s.dish.halal ? '是' : '否') : '',
      s.dietary.map((d) => DIETARY_LABELS[d]).join('、'),
      chinaTime(s.checkedInAt),
      chinaTime(s.createdAt),
    ];
  });
}

/** The roster as an .xlsx file in cloud storage, written by the `exports` function (a short link; deleted soon). */
export async function exportRoster(
  event: EventDoc,
  masked: boolean,
  createdBy: string,
): Promise<XlsxFile & { rows: number }> {
  const signups = await activeSignups(event._id);
  const stamp = toIso(new Date()).slice(0, 16).replace(/[-:T]/g, '');
  const file = await writeXlsx({
    cloudPath: `exports/events/${event._id}/${stamp}-${crypto.randomBytes(4).toString('hex')}.xlsx`,
    sheet: '报名名单',
    header: HEADER,
    rows: rowsOf(signups, masked),
    widths: WIDTHS,
    kind: 'event.roster',
    targetId: event._id,
    createdBy,
  });
  return { ...file, rows: signups.length };
}
