/**
 * The demo sign-ins the seed creates, for the README and for `npm run demo` to print. Plain data with no runtime
 * imports, so anything can import it cheaply. Every account is fictitious; the passwords are public demo passwords
 * — never seed a production database with them.
 */
import type { Role } from "../../app/generated/prisma/enums.ts";

export const DEMO_PASSWORDS = {
  admin: "Admin@2026",
  bureau: "Bureau@2026",
  officer: "Officer@2026",
  institutionAdmin: "Inst@2026",
  enterprise: "Enterprise@2026",
} as const;

export type DemoPasswordKey = keyof typeof DEMO_PASSWORDS;

export interface DemoAccount {
  loginName: string;
  password: string;
  role: Role;
  description: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    loginName: "admin",
    password: DEMO_PASSWORDS.admin,
    role: "ADMIN",
    description: "平台运营管理员：用户、地区、机构、节假日日历、重建索引",
  },
  {
    loginName: "bureau",
    password: DEMO_PASSWORDS.bureau,
    role: "BUREAU",
    description: "揭阳市金融工作局分析员：对接漏斗、响应时效、首贷/普惠/涉农等目标进度、超时清单",
  },
  {
    loginName: "officer.icbc",
    password: DEMO_PASSWORDS.officer,
    role: "OFFICER",
    description: "工商银行揭阳分行客户经理：转移企业厂房贷已放款，联泰塑料首贷需求已受理",
  },
  {
    loginName: "officer.rcb",
    password: DEMO_PASSWORDS.officer,
    role: "OFFICER",
    description: "揭阳农商银行客户经理：联泰塑料“首贷通”已联系，翠宝玉器定向需求待处理",
  },
  {
    loginName: "officer.ccb",
    password: DEMO_PASSWORDS.officer,
    role: "OFFICER",
    description: "建设银行揭阳分行客户经理：华拓新材料碳减排贷款审批中",
  },
  {
    loginName: "officer.cic",
    password: DEMO_PASSWORDS.officer,
    role: "OFFICER",
    description: "中国信保广东分公司客户经理：锦绣针织出口信用保险已受理（贸融易）",
  },
  {
    loginName: "officer.guarantee",
    password: DEMO_PASSWORDS.officer,
    role: "OFFICER",
    description: "揭阳市融资担保公司业务经理：华拓新材料转移企业融资担保已受理",
  },
  {
    loginName: "inst.rcb",
    password: DEMO_PASSWORDS.institutionAdmin,
    role: "INSTITUTION_ADMIN",
    description: "揭阳农商银行产品经理：上架/下架本行产品、管理客户经理、查看本行业绩",
  },
  {
    loginName: "inst.icbc",
    password: DEMO_PASSWORDS.institutionAdmin,
    role: "INSTITUTION_ADMIN",
    description: "工商银行揭阳分行产品经理",
  },
  {
    loginName: "13800000001",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "广东华拓新材料有限公司（转移企业，深圳→大南海石化工业区）：厂房贷已放款、碳减排贷审批中、一份草稿",
  },
  {
    loginName: "13800000002",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "林海生（惠来县渔民，农户）：渔船抵押贷款已放款，新的渔船改造需求待响应",
  },
  {
    loginName: "13800000003",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "揭阳市榕城区联泰塑料制品有限公司（小微，首贷户）：流动资金需求对接中，一笔设备贷未获批",
  },
  {
    loginName: "13800000004",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "普宁市梅林镇梅香青梅种植专业合作社：青梅收购资金需求已超时未响应，一笔春耕需求已过期",
  },
  {
    loginName: "13800000005",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "揭阳市榕城区东升街道翠宝玉器商行（个体工商户）：定向需求待响应，一笔需求已撤回",
  },
  {
    loginName: "13800000006",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "揭西县坪上镇云雾家庭农场（茶叶）：春耕贷已放款，制茶设备贷款已审批待放款",
  },
  {
    loginName: "13800000007",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "揭阳锦绣针织服饰有限公司（转移企业，东莞→普宁产业转移工业园）：外贸贷+出口信用保险对接中",
  },
  {
    loginName: "13800000008",
    password: DEMO_PASSWORDS.enterprise,
    role: "ENTERPRISE",
    description: "惠来县蓝湾水产养殖有限公司（农业企业）：海域使用权抵押贷款审批超时",
  },
];

/** The same list under the constant-style name. */
export const DEMO_ACCOUNTS = demoAccounts;

/** Every other enterprise user is 138000000NN… with the enterprise password; every institution has these too. */
export const DEMO_ACCOUNT_NOTES = [
  `其余企业用户：13800000009 – 13800000320，密码 ${DEMO_PASSWORDS.enterprise}`,
  `每家机构都有客户经理 officer.<简称> 和管理员 inst.<简称>（如 officer.boc、inst.hlrcb），密码分别为 ${DEMO_PASSWORDS.officer} / ${DEMO_PASSWORDS.institutionAdmin}`,
];

/** A plain-text table for terminals. */
export function formatDemoAccounts(): string {
  const width = Math.max(...demoAccounts.map((account) => account.loginName.length));
  const rows = demoAccounts.map(
    (account) =>
      `  ${account.loginName.padEnd(width)}  ${account.password.padEnd(15)}  ${account.role.padEnd(17)}  ${account.description}`,
  );
  return ["演示账号 (demo accounts):", ...rows, ...DEMO_ACCOUNT_NOTES.map((note) => `  ${note}`)].join("\n");
}
