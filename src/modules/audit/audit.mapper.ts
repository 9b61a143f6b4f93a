import { AuditRecordDto } from './dto/audit.dto';
import { AuditLogEntity } from './entities/audit-log.entity';

/** An audit log row as the admin list answers it. */
export function toAuditRecord(a: AuditLogEntity): AuditRecordDto {
  return {
    id: a.id,
    actor_id: a.actorId,
    action: a.action,
    target_type: a.targetType,
    target_id: a.targetId,
    details: a.details,
    created_at: a.createdAt.toISOString(),
  };
}
