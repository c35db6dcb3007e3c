import { MAX_VOICE_BYTES, VOICE_EXTENSIONS } from '../../miniprogram/shared/requests';
import { cloud } from '../core/cloud';
import { invalid } from '../core/errors';

/** What each audio container starts with (the recorder writes aac as ADTS, mp3 with or without an ID3 tag). */
const SIGNATURES: { ext: readonly string[]; test: (b: Buffer) => boolean }[] = [
  { ext: ['aac'], test: (b) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0 },
  { ext: ['m4a'], test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  {
    ext: ['mp3'],
    test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
  },
  {
    ext: ['wav'],
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE',
  },
];

/**
 * A request's voice note must be the caller's own upload (`requests/<openid>/…`, the folder storage rules let only
 * them write) and really audio of an accepted type and size. Its length comes from the recorder (`voiceSeconds`).
 */
export async function verifyVoice(openid: string, fileID: string): Promise<void> {
  const ownFolder = `/requests/${openid}/`;
  const path = fileID.replace(/^cloud:\/\/[^/]+/, '');
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  if (!path.startsWith(ownFolder) || path.slice(ownFolder.length).includes('/'))
    throw invalid({ voice: '只能使用本人上传的语音' });
  if (!(VOICE_EXTENSIONS as readonly string[]).includes(ext))
    throw invalid({ voice: '只支持 AAC、M4A、MP3、WAV 语音' });
  let content: Buffer;
  try {
    content = ((await cloud.downloadFile({ fileID })) as { fileContent: Buffer }).fileContent;
  } catch {
    throw invalid({ voice: '语音不存在，请重新录制' });
  }
  if (content.length > MAX_VOICE_BYTES) throw invalid({ voice: '语音文件过大' });
  if (!SIGNATURES.some((s) => s.ext.includes(ext) && s.test(content))) throw invalid({ voice: '文件不是有效的语音' });
}
