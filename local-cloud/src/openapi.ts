import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import protobuf from 'protobufjs';
import QRCode from 'qrcode';
import { CloudError } from './errors';
import { parseJson } from './json';

/** The protobuf envelope `wx-server-sdk` wraps open-API calls in (fields as in its bundled openapi.proto). */
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
      },
    },
  },
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface OpenApiReply {
  contentType: string;
  body: Buffer;
}

type Handler = (data: Record<string, unknown>) => Promise<Record<string, unknown> | OpenApiReply>;

/** A small local word list for `security.msgSecCheck`; extend it with LOCAL_SEC_WORDS (comma-separated). */
export const DEFAULT_SEC_WORDS = ['赌博', '博彩', '毒品', '冰毒', '枪支', '办证', '代开发票', '法轮'];

// Characters `wxacode.getUnlimited` accepts in a scene (its documentation lists them).
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export interface OutboxMessage {
  id: number;
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  sentAt: string;
}

/**
 * Local stand-ins for the `cloud.openapi` calls this product uses: a real, scannable QR PNG for
 * `wxacode.getUnlimited`, an outbox for `subscribeMessage.send`, and a word list for `security.msgSecCheck`.
 */
export class OpenApi {
  private readonly handlers: Record<string, Handler>;
  private readonly words: string[];

  /** `now` is the local cloud's clock: a message's `sentAt` is the time the functions see. */
  constructor(
    private readonly sql: Database.Database,
    extraWords: string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, touser TEXT NOT NULL, template_id TEXT NOT NULL, page TEXT, data TEXT NOT NULL, sent_at TEXT NOT NULL);
              CREATE TABLE IF NOT EXISTS subscribe_refusals (openid TEXT PRIMARY KEY);`);
    this.words = [...DEFAULT_SEC_WORDS, ...extraWords.filter(Boolean)];
    this.handlers = {
      'wxacode.getUnlimited': (d) => this.qrCode(d),
      'subscribeMessage.send': async (d) => this.subscribeSend(d),
      'security.msgSecCheck': async (d) => this.secCheck(d),
    };
  }

  /** Decodes the SDK's protobuf request, runs the API, and encodes the reply the SDK expects. */
  async handle(apiName: string, requestData: Buffer): Promise<Buffer> {
    let decoded: protobuf.Message;
    try {
      decoded = CommApiData.decode(requestData);
    } catch (err) {
      throw new CloudError('INVALID_PARAM', `requestData is not an open-API request: ${(err as Error).message}`);
    }
    const message = CommApiData.toObject(decoded, { defaults: true }) as {
      openapiData?: { pairs?: { key: string; value: Uint8Array }[] };
    };
    const data: Record<string, unknown> = {};
    for (const pair of message.openapiData?.pairs ?? []) {
      const text = Buffer.from(pair.value).toString('utf8');
      try {
        data[pair.key] = parseJson(text);
      } catch {
        data[pair.key] = text;
      }
    }
    const handler = this.handlers[apiName];
    const result = handler
      ? await handler(data)
      : { errcode: 48001, errmsg: `api unauthorized: ${apiName} has no local stand-in` };
    const reply: OpenApiReply =
      'body' in result && Buffer.isBuffer(result.body)
        ? (result as OpenApiReply)
        : {
            contentType: 'application/json',
            body: Buffer.from(JSON.stringify({ errcode: 0, errmsg: 'ok', ...result })),
          };
    return Buffer.from(
      CommOpenApiResp.encode(
        CommOpenApiResp.create({ respData: reply.body, contentType: reply.contentType, errorCode: 0, httpCode: 200 }),
      ).finish(),
    );
  }

  outbox(): OutboxMessage[] {
    const rows = this.sql
      .prepare('SELECT id, touser, template_id, page, data, sent_at FROM outbox ORDER BY id')
      .all() as {
      id: number;
      touser: string;
      template_id: string;
      page: string | null;
      data: string;
      sent_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      touser: r.touser,
      templateId: r.template_id,
      page: r.page,
      data: JSON.parse(r.data),
      sentAt: r.sent_at,
    }));
  }

  clearOutbox(): void {
    this.sql.exec('DELETE FROM outbox; DELETE FROM subscribe_refusals;');
  }

  /** The users `subscribeMessage.send` fails for (refuseSubscriptions). */
  refusals(): string[] {
    const rows = this.sql.prepare('SELECT openid FROM subscribe_refusals ORDER BY openid').all() as {
      openid: string;
    }[];
    return rows.map((r) => r.openid);
  }

  /** Makes `subscribeMessage.send` to this user fail as WeChat does when they have not accepted (43101). */
  refuseSubscriptions(openid: string): void {
    this.sql.prepare('INSERT OR IGNORE INTO subscribe_refusals (openid) VALUES (?)').run(openid);
  }

  private async qrCode(d: Record<string, unknown>): Promise<Record<string, unknown> | OpenApiReply> {
    const scene = d.scene;
    if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) {
      return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' };
    }
    const page = typeof d.page === 'string' && d.page ? d.page : 'pages/index/index';
    if (page.startsWith('/') || page.includes('?')) return { errcode: 41030, errmsg: 'invalid page rid' };
    const width = Math.min(Math.max(Number(d.width) || 430, 280), 1280);
    // The code carries what scanning a real mini-program code gives `wx.scanCode` as its path: page and scene.
    const body = await QRCode.toBuffer(`${page}?scene=${encodeURIComponent(scene)}`, { type: 'png', width, margin: 2 });
    return { contentType: 'image/png', body };
  }

  private subscribeSend(d: Record<string, unknown>): Record<string, unknown> {
    if (typeof d.touser !== 'string' || !d.touser) return { errcode: 40003, errmsg: 'invalid openid' };
    if (typeof d.template_id !== 'string' || !d.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
    if (!d.data || typeof d.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data is required' };
    if (this.sql.prepare('SELECT 1 FROM subscribe_refusals WHERE openid = ?').get(d.touser)) {
      return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    }
    this.sql
      .prepare('INSERT INTO outbox (touser, template_id, page, data, sent_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        d.touser,
        d.template_id,
        typeof d.page === 'string' ? d.page : null,
        JSON.stringify(d.data),
        new Date(this.now()).toISOString(),
      );
    return {};
  }

  private secCheck(d: Record<string, unknown>): Record<string, unknown> {
    if (typeof d.content !== 'string') return { errcode: 47001, errmsg: 'data format error: content is required' };
    const hit = this.words.find((w) => (d.content as string).includes(w));
    const traceId = crypto.randomBytes(8).toString('hex');
    if (Number(d.version) !== 2) return hit ? { errcode: 87014, errmsg: 'risky content' } : {};
    if (typeof d.openid !== 'string' || !d.scene)
      return { errcode: 47001, errmsg: 'data format error: openid and scene are required' };
    return hit
      ? {
          trace_id: traceId,
          result: { suggest: 'risky', label: 20001 },
          detail: [{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20001, keyword: hit }],
        }
      : { trace_id: traceId, result: { suggest: 'pass', label: 100 }, detail: [] };
  }
}
