import { db } from './cloud';
import { COLLECTIONS } from './collections';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  orgId?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** Appends to the audit log (role changes, reveals, exports, rotations). Never holds personal field values. */
export async function audit(entry: AuditEntry): Promise<void> {
  await db.collection(COLLECTIONS.auditLogs).add({ data: { ...entry, at: new Date() } });
}
