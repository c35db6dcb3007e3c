/**
 * Notices, policy outreach and guides (通知公告 · 政策宣传 · 办事指南), and event reviews: kinds, limits and the rich
 * text block format that both the publish form and the function check.
 *
 * A body is a list of blocks, never HTML: a page renders each block with plain WXML (`<text>`, `<image>`), so nothing
 * a client sends can become markup. `p` is a paragraph, `h` a heading, `li` a list item; `bold` sets the whole block
 * in bold; `img` is an image uploaded into the author's own folder (`notices/<openid>/…`).
 */

export const NOTICE_KINDS = ['notice', 'policy', 'guide'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  notice: '通知公告',
  policy: '政策宣传',
  guide: '办事指南',
};

export const MAX_NOTICE_TITLE = 60;
/** Characters of text over all blocks of a body. */
export const MAX_NOTICE_BODY = 5000;
export const MAX_NOTICE_BLOCKS = 200;
/** Characters of one block's text. */
export const MAX_BLOCK_TEXT = 2000;
/** Images over the body's `img` blocks and the notice's `images`, each counted. */
export const MAX_NOTICE_IMAGES = 9;

export const MAX_REVIEW_TEXT = 500;
export const MAX_REVIEW_IMAGES = 9;

export type TextBlockType = 'p' | 'h' | 'li';
export type NoticeBlock = { type: TextBlockType; text: string; bold?: boolean } | { type: 'img'; fileID: string };

/** Where the mini program uploads a notice or review photo; the function accepts only the caller's own folder. */
export const NOTICE_IMAGE_FOLDER = 'notices';

/** Text that looks like markup (`<script>`, `<img onerror=…>`, `<!-- -->`): refused, a body is blocks, not HTML. */
export const MARKUP = /<\s*[!/?]?\s*[A-Za-z][^>]*>|<!--/;

/** Characters of text in a body (the `≤ 5000` of the contract). */
export function bodyLength(blocks: readonly NoticeBlock[]): number {
  return blocks.reduce((n, b) => n + (b.type === 'img' ? 0 : b.text.length), 0);
}

/** The body's text as one string (content check, excerpts, share titles). */
export function bodyText(blocks: readonly NoticeBlock[]): string {
  return blocks
    .map((b) => (b.type === 'img' ? '' : b.text))
    .filter(Boolean)
    .join('\n');
}

/**
 * The publish form's plain text as blocks, one per non-empty line: `# ` starts a heading, `- ` or `· ` a list item,
 * a line wrapped in `**` is bold; anything else is a paragraph. Markup is not interpreted (the function refuses it).
 */
export function blocksFromText(source: string): NoticeBlock[] {
  const blocks: NoticeBlock[] = [];
  for (const raw of source.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line) continue;
    let type: TextBlockType = 'p';
    if (/^#{1,3}\s+/.test(line)) {
      type = 'h';
      line = line.replace(/^#{1,3}\s+/, '');
    } else if (/^[-·•]\s+/.test(line)) {
      type = 'li';
      line = line.replace(/^[-·•]\s+/, '');
    }
    const bold = /^\*\*.+\*\*$/.test(line);
    if (bold) line = line.slice(2, -2).trim();
    if (line) blocks.push(bold ? { type, text: line, bold } : { type, text: line });
  }
  return blocks;
}

/** The reverse of blocksFromText, to edit a notice in the same form (image blocks are kept apart by the page). */
export function textFromBlocks(blocks: readonly NoticeBlock[]): string {
  return blocks
    .filter((b): b is Extract<NoticeBlock, { text: string }> => b.type !== 'img')
    .map((b) => {
      const text = b.bold ? `**${b.text}**` : b.text;
      return b.type === 'h' ? `# ${text}` : b.type === 'li' ? `- ${text}` : text;
    })
    .join('\n');
}
