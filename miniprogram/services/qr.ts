import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** What a scanned code points to, holding only what the caller may see. Unknown or rotated codes are NOT_FOUND. */
export const resolveScene = (scene: string) => callCloud('qr', 'resolve', { scene });

/** The mini-program code image of a scene, for those who manage what it points to. */
export const getQrImage = (req: ReqOf<'qr', 'image'>) => callCloud('qr', 'image', req);
