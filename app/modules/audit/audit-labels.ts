/** Chinese names of the audited actions, for the operator's audit log and its export. */
import type { AuditAction, AuditSubjectType } from "./audit.server.ts";

const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  SIGN_IN: "登录",
  SIGN_IN_FAILED: "登录失败",
  SIGN_IN_LOCKED: "登录被临时锁定",
  PASSWORD_CHANGED: "修改密码",
  PASSWORD_CHANGE_FAILED: "修改密码失败",
  PASSWORD_CHANGE_LOCKED: "修改密码被临时锁定",
  ENTERPRISE_ACCOUNT_REGISTERED: "注册企业账号",
  ENTERPRISE_REGISTERED: "登记经营主体",
  ENTERPRISE_PROFILE_UPDATED: "修改主体信息",
  CONTACT_REVEALED: "查看企业联系方式",
  NOTIFICATION_CHANNELS_CHANGED: "修改通知方式",
  OFFICER_INVITED: "添加客户经理",
  OFFICER_DEACTIVATED: "停用客户经理",
  OFFICER_REACTIVATED: "恢复客户经理",
  OFFICER_PASSWORD_RESET: "重置客户经理密码",
  PRODUCT_CREATED: "新建产品",
  PRODUCT_UPDATED: "修改产品",
  PRODUCT_PUBLISHED: "上架产品",
  PRODUCT_RETIRED: "下架产品",
  WEBHOOK_ENDPOINT_CREATED: "新建回调地址",
  WEBHOOK_ENDPOINT_ENABLED: "启用回调地址",
  WEBHOOK_ENDPOINT_DISABLED_BY_ADMIN: "停用回调地址",
  WEBHOOK_ENDPOINT_DISABLED: "回调地址因连续失败被停用",
  WEBHOOK_DELIVERED: "回调送达",
  WEBHOOK_DELIVERY_FAILED: "回调失败",
  TARGET_SET: "设定目标",
  TARGET_DELETED: "删除目标",
  TARGETS_IMPORTED: "导入目标",
  API_CLIENT_REGISTERED: "登记对接系统",
  API_CLIENT_SECRET_ROTATED: "更换对接系统密钥",
  API_CLIENT_REVOKED: "停用对接系统",
  WEBHOOK_SECRET_ROTATED: "更换回调签名密钥",
  BALANCE_REPORT_SUBMITTED: "报送贷款余额",
  BALANCE_BASELINE_SET: "录入两增基数",
  LEAD_PASSED: "放弃线索（不感兴趣或不符合条件）",
  AUDIT_LOG_EXPORTED: "导出审计日志",
};

/** The Chinese name of an action; a stored action no longer in the list shows its code. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

const AUDIT_SUBJECT_LABELS: Record<AuditSubjectType, string> = {
  User: "用户",
  Enterprise: "经营主体",
  Product: "金融产品",
  WebhookEndpoint: "回调地址",
  Notification: "通知",
  Target: "目标",
  ApiClient: "对接系统",
  AuditLog: "审计日志",
  BalanceReport: "余额报送",
  BalanceBaseline: "两增基数",
  FinancingNeed: "融资需求",
};

/** The Chinese name of a record type; one no longer in the list shows its code. */
export function auditSubjectLabel(subjectType: string): string {
  return (AUDIT_SUBJECT_LABELS as Record<string, string>)[subjectType] ?? subjectType;
}
