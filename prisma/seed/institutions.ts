/**
 * Financial institutions serving 揭阳: the 20 banks, 6 insurers and 2 financing-guarantee companies the plan calls the
 * key partners for 粤东粤西粤北 (docs/domain.md#where-the-rules-come-from), plus the provincial parents of the 揭阳 branches.
 *
 * Branch trees: a national bank's 揭阳分行 hangs under its 广东省分行, which holds no products itself. Provincial
 * bodies without a 揭阳 branch (国开行广东省分行, 进出口银行广东省分行, 中国信保广东分公司, 广东省融资再担保)
 * serve the city directly and have no `locatedIn`. Addresses, local phone numbers and the 村镇银行 are
 * illustrative demo data, not a directory.
 */
import { InstitutionKind, InstitutionSubType } from "../../app/generated/prisma/client.ts";
import { CITY_CODE, COUNTY_CODES, parksInCounty } from "./regions.ts";

export interface InstitutionSeed {
  code: string;
  name: string;
  shortName: string;
  kind: InstitutionKind;
  subType: InstitutionSubType;
  parentCode: string | null;
  isKeyPartner: boolean;
  locatedInRegionCode: string | null;
  /** Region codes served; a region covers everything below it. Empty for parents that only hold branches. */
  servedRegionCodes: string[];
  servicePhone: string | null;
  address: string | null;
  /** Short Latin name used for staff sign-in names (officer.<slug>, inst.<slug>); null for parent nodes. */
  staffSlug: string | null;
}

const { BANK, INSURER, GUARANTOR } = InstitutionKind;
const T = InstitutionSubType;
const WHOLE_CITY = [CITY_CODE];
const countyWithParks = (countyCode: string) => [countyCode, ...parksInCounty(countyCode)];

type Row = [
  code: string,
  name: string,
  shortName: string,
  kind: InstitutionKind,
  subType: InstitutionSubType,
  parentCode: string | null,
  isKeyPartner: boolean,
  locatedIn: string | null,
  served: string[],
  servicePhone: string | null,
  address: string | null,
  staffSlug: string | null,
];

// prettier-ignore
const ROWS: readonly Row[] = [
  // ── provincial parents of 揭阳 branches: no products, staff or key-partner flag of their own (the 揭阳 branch is
  //    the one enterprises deal with, so it carries the flag and is what the enterprise can pick) ──
  ["ICBC-GD", "中国工商银行股份有限公司广东省分行", "工商银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95588", "广州市天河区", null],
  ["ABC-GD", "中国农业银行股份有限公司广东省分行", "农业银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95599", "广州市天河区", null],
  ["BOC-GD", "中国银行股份有限公司广东省分行", "中国银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95566", "广州市越秀区", null],
  ["CCB-GD", "中国建设银行股份有限公司广东省分行", "建设银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95533", "广州市天河区", null],
  ["BOCOM-GD", "交通银行股份有限公司广东省分行", "交通银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95559", "广州市天河区", null],
  ["PSBC-GD", "中国邮政储蓄银行股份有限公司广东省分行", "邮储银行广东省分行", BANK, T.STATE_OWNED_BANK, null, false, null, [], "95580", "广州市越秀区", null],
  ["ADBC-GD", "中国农业发展银行广东省分行", "农发行广东省分行", BANK, T.POLICY_BANK, null, false, null, [], null, "广州市越秀区", null],
  ["PICC-GD", "中国人民财产保险股份有限公司广东省分公司", "人保财险广东省分公司", INSURER, T.PROPERTY_INSURER, null, false, null, [], "95518", "广州市越秀区", null],

  // ── 20 banks ──
  ["ICBC-JY", "中国工商银行股份有限公司揭阳分行", "工商银行揭阳分行", BANK, T.STATE_OWNED_BANK, "ICBC-GD", true, "445202", WHOLE_CITY, "95588", "揭阳市榕城区榕华大道工行大厦", "icbc"],
  ["ABC-JY", "中国农业银行股份有限公司揭阳分行", "农业银行揭阳分行", BANK, T.STATE_OWNED_BANK, "ABC-GD", true, "445202", WHOLE_CITY, "95599", "揭阳市榕城区临江北路农行大厦", "abc"],
  ["BOC-JY", "中国银行股份有限公司揭阳分行", "中国银行揭阳分行", BANK, T.STATE_OWNED_BANK, "BOC-GD", true, "445202", WHOLE_CITY, "95566", "揭阳市榕城区进贤门大道中行大厦", "boc"],
  ["CCB-JY", "中国建设银行股份有限公司揭阳分行", "建设银行揭阳分行", BANK, T.STATE_OWNED_BANK, "CCB-GD", true, "445202", WHOLE_CITY, "95533", "揭阳市榕城区临江北路建行大厦", "ccb"],
  ["BOCOM-JY", "交通银行股份有限公司揭阳分行", "交通银行揭阳分行", BANK, T.STATE_OWNED_BANK, "BOCOM-GD", true, "445202", WHOLE_CITY, "95559", "揭阳市榕城区黄岐山大道", "bocom"],
  ["PSBC-JY", "中国邮政储蓄银行股份有限公司揭阳市分行", "邮储银行揭阳市分行", BANK, T.STATE_OWNED_BANK, "PSBC-GD", true, "445202", WHOLE_CITY, "95580", "揭阳市榕城区新阳路", "psbc"],
  ["CDB-GD", "国家开发银行广东省分行", "国开行广东省分行", BANK, T.POLICY_BANK, null, true, null, WHOLE_CITY, null, "广州市天河区", "cdb"],
  ["ADBC-JY", "中国农业发展银行揭阳市分行", "农发行揭阳市分行", BANK, T.POLICY_BANK, "ADBC-GD", true, "445202", WHOLE_CITY, null, "揭阳市榕城区临江北路", "adbc"],
  ["EXIM-GD", "中国进出口银行广东省分行", "进出口银行广东省分行", BANK, T.POLICY_BANK, null, true, null, WHOLE_CITY, null, "广州市天河区", "exim"],
  ["CMB-JY", "招商银行股份有限公司揭阳分行", "招商银行揭阳分行", BANK, T.JOINT_STOCK_BANK, null, true, "445202", WHOLE_CITY, "95555", "揭阳市榕城区榕华大道", "cmb"],
  ["CIB-JY", "兴业银行股份有限公司揭阳分行", "兴业银行揭阳分行", BANK, T.JOINT_STOCK_BANK, null, true, "445202", WHOLE_CITY, "95561", "揭阳市榕城区进贤门大道", "cib"],
  ["CITIC-JY", "中信银行股份有限公司揭阳分行", "中信银行揭阳分行", BANK, T.JOINT_STOCK_BANK, null, true, "445202", WHOLE_CITY, "95558", "揭阳市榕城区临江北路", "citic"],
  ["CGB-JY", "广发银行股份有限公司揭阳分行", "广发银行揭阳分行", BANK, T.JOINT_STOCK_BANK, null, true, "445202", WHOLE_CITY, "95508", "揭阳市榕城区榕华大道", "cgb"],
  ["HUAXING-JY", "广东华兴银行股份有限公司揭阳分行", "华兴银行揭阳分行", BANK, T.CITY_COMMERCIAL_BANK, null, true, "445202", WHOLE_CITY, "0663-8600101", "揭阳市榕城区东山片区", "huaxing"],
  ["JYRCB", "广东揭阳农村商业银行股份有限公司", "揭阳农商银行", BANK, T.RURAL_COMMERCIAL_BANK, null, true, "445202", [COUNTY_CODES.rongcheng, ...parksInCounty(COUNTY_CODES.rongcheng), "4452-KGJ", "4452-CYY"], "0663-8600201", "揭阳市榕城区临江北路", "rcb"],
  ["JDRCB", "广东揭东农村商业银行股份有限公司", "揭东农商银行", BANK, T.RURAL_COMMERCIAL_BANK, null, false, "445203", countyWithParks(COUNTY_CODES.jiedong), "0663-8600301", "揭阳市揭东区曲溪街道", "jdrcb"],
  ["PNRCB", "广东普宁农村商业银行股份有限公司", "普宁农商银行", BANK, T.RURAL_COMMERCIAL_BANK, null, false, "445281", countyWithParks(COUNTY_CODES.puning), "0663-8600401", "普宁市流沙东街道", "pnrcb"],
  ["JXRCB", "广东揭西农村商业银行股份有限公司", "揭西农商银行", BANK, T.RURAL_COMMERCIAL_BANK, null, false, "445222", countyWithParks(COUNTY_CODES.jiexi), "0663-8600501", "揭西县河婆街道", "jxrcb"],
  ["HLRCB", "广东惠来农村商业银行股份有限公司", "惠来农商银行", BANK, T.RURAL_COMMERCIAL_BANK, null, false, "445224", countyWithParks(COUNTY_CODES.huilai), "0663-8600601", "惠来县惠城镇", "hlrcb"],
  ["PN-VB", "普宁惠民村镇银行股份有限公司", "普宁惠民村镇银行", BANK, T.VILLAGE_BANK, null, false, "445281", [COUNTY_CODES.puning, COUNTY_CODES.jiexi], "0663-8600701", "普宁市流沙西街道", "vb"],

  // ── 6 insurers ──
  ["SINOSURE-GD", "中国出口信用保险公司广东分公司", "中国信保广东分公司", INSURER, T.CREDIT_INSURER, null, true, null, WHOLE_CITY, "95311", "广州市天河区", "cic"],
  ["PICC-JY", "中国人民财产保险股份有限公司揭阳市分公司", "人保财险揭阳分公司", INSURER, T.PROPERTY_INSURER, "PICC-GD", true, "445202", WHOLE_CITY, "95518", "揭阳市榕城区临江北路", "picc"],
  ["PINGAN-JY", "中国平安财产保险股份有限公司揭阳中心支公司", "平安产险揭阳中心支公司", INSURER, T.PROPERTY_INSURER, null, true, "445202", WHOLE_CITY, "95511", "揭阳市榕城区榕华大道", "pingan"],
  ["CPIC-JY", "中国太平洋财产保险股份有限公司揭阳中心支公司", "太保产险揭阳中心支公司", INSURER, T.PROPERTY_INSURER, null, true, "445202", WHOLE_CITY, "95500", "揭阳市榕城区进贤门大道", "cpic"],
  ["GPIC-JY", "中国人寿财产保险股份有限公司揭阳市中心支公司", "国寿财险揭阳中心支公司", INSURER, T.PROPERTY_INSURER, null, true, "445202", WHOLE_CITY, "95519", "揭阳市榕城区临江北路", "gpic"],
  ["CUPIC-JY", "中华联合财产保险股份有限公司揭阳中心支公司", "中华财险揭阳中心支公司", INSURER, T.PROPERTY_INSURER, null, true, "445202", WHOLE_CITY, "95585", "揭阳市榕城区东山片区", "cupic"],

  // ── 2 financing-guarantee companies ──
  ["JYFG", "揭阳市融资担保有限公司", "揭阳市融资担保", GUARANTOR, T.GOVERNMENT_GUARANTOR, null, true, "445202", WHOLE_CITY, "0663-8600801", "揭阳市榕城区东山片区", "guarantee"],
  ["GDRG", "广东省融资再担保有限公司", "广东省融资再担保", GUARANTOR, T.GOVERNMENT_GUARANTOR, null, true, null, WHOLE_CITY, null, "广州市天河区", "regua"],
];

export const INSTITUTIONS: readonly InstitutionSeed[] = ROWS.map(
  ([
    code,
    name,
    shortName,
    kind,
    subType,
    parentCode,
    isKeyPartner,
    locatedIn,
    served,
    servicePhone,
    address,
    staffSlug,
  ]) => ({
    code,
    name,
    shortName,
    kind,
    subType,
    parentCode,
    isKeyPartner,
    locatedInRegionCode: locatedIn,
    servedRegionCodes: served,
    servicePhone,
    address,
    staffSlug,
  }),
);

/** Institutions that deal with enterprises (the parents only hold branches). */
export const OPERATING_INSTITUTIONS = INSTITUTIONS.filter((institution) => institution.staffSlug !== null);

export function institutionByCode(code: string): InstitutionSeed {
  const institution = INSTITUTIONS.find((candidate) => candidate.code === code);
  if (!institution) throw new Error(`unknown institution ${code}`);
  return institution;
}
