/**
 * Regions of 揭阳市: the city, its three districts/counties and county-level city, and the zones and parks that carry the
 * "一核双区" industrial transfer (docs/domain.md#where-the-rules-come-from). Administrative units use the national division
 * code; zones and parks use platform codes "4452-XXX" because they have none.
 *
 * `hostCountyCode` says which county/district a zone or park lies in: an enterprise in a park is registered (and
 * counted on dashboards) in that county, with the park as its `park`.
 */
import { RegionKind } from "../../app/generated/prisma/client.ts";

export interface RegionSeed {
  code: string;
  name: string;
  kind: RegionKind;
  parentCode: string | null;
  sortOrder: number;
  hostCountyCode?: string;
}

export const CITY_CODE = "445200";

export const COUNTY_CODES = {
  rongcheng: "445202",
  jiedong: "445203",
  jiexi: "445222",
  huilai: "445224",
  puning: "445281",
} as const;

export const REGIONS: readonly RegionSeed[] = [
  { code: CITY_CODE, name: "揭阳市", kind: RegionKind.CITY, parentCode: null, sortOrder: 0 },

  { code: "445202", name: "榕城区", kind: RegionKind.DISTRICT, parentCode: CITY_CODE, sortOrder: 10 },
  { code: "445203", name: "揭东区", kind: RegionKind.DISTRICT, parentCode: CITY_CODE, sortOrder: 20 },
  { code: "445222", name: "揭西县", kind: RegionKind.COUNTY, parentCode: CITY_CODE, sortOrder: 30 },
  { code: "445224", name: "惠来县", kind: RegionKind.COUNTY, parentCode: CITY_CODE, sortOrder: 40 },
  { code: "445281", name: "普宁市", kind: RegionKind.COUNTY, parentCode: CITY_CODE, sortOrder: 50 },

  // Functional zones run by city-level management committees (管委会), hence children of the city.
  {
    code: "4452-GXQ",
    name: "揭阳高新技术产业开发区",
    kind: RegionKind.FUNCTIONAL_ZONE,
    parentCode: CITY_CODE,
    sortOrder: 60,
    hostCountyCode: "445202",
  },
  {
    code: "4452-DNH",
    name: "大南海石化工业区",
    kind: RegionKind.FUNCTIONAL_ZONE,
    parentCode: CITY_CODE,
    sortOrder: 70,
    hostCountyCode: "445224",
  },
  {
    code: "4452-KGJ",
    name: "揭阳空港经济区",
    kind: RegionKind.FUNCTIONAL_ZONE,
    parentCode: CITY_CODE,
    sortOrder: 80,
    hostCountyCode: "445203",
  },

  // Industrial parks, including the county industrial-transfer co-operation parks (产业转移合作园区).
  {
    code: "4452-CYY",
    name: "揭阳产业转移工业园",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: CITY_CODE,
    sortOrder: 90,
    hostCountyCode: "445203",
  },
  {
    code: "4452-HLLG",
    name: "惠来县临港产业园",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445224",
    sortOrder: 100,
    hostCountyCode: "445224",
  },
  {
    code: "4452-ZDJS",
    name: "揭阳中德金属生态城",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445203",
    sortOrder: 110,
    hostCountyCode: "445203",
  },
  {
    code: "4452-PNCY",
    name: "普宁产业转移工业园",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445281",
    sortOrder: 120,
    hostCountyCode: "445281",
  },
  {
    code: "4452-PNFZ",
    name: "普宁纺织印染环保综合处理中心",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445281",
    sortOrder: 130,
    hostCountyCode: "445281",
  },
  {
    code: "4452-JXCY",
    name: "揭西产业转移工业园",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445222",
    sortOrder: 140,
    hostCountyCode: "445222",
  },
  {
    code: "4452-RCCY",
    name: "榕城产业转移合作园区",
    kind: RegionKind.INDUSTRIAL_PARK,
    parentCode: "445202",
    sortOrder: 150,
    hostCountyCode: "445202",
  },
];

/** The parks and zones that lie in a county (for county banks' service areas). */
export function parksInCounty(countyCode: string): string[] {
  return REGIONS.filter((region) => region.hostCountyCode === countyCode).map((region) => region.code);
}

export function regionByCode(code: string): RegionSeed {
  const region = REGIONS.find((candidate) => candidate.code === code);
  if (!region) throw new Error(`unknown region ${code}`);
  return region;
}

/** Towns and streets by county, for addresses and village names. */
export const TOWNS: Record<string, readonly string[]> = {
  "445202": [
    "中山街道",
    "榕华街道",
    "新兴街道",
    "东兴街道",
    "东升街道",
    "东阳街道",
    "仙桥街道",
    "梅云街道",
    "磐东街道",
    "渔湖街道",
  ],
  "445203": [
    "曲溪街道",
    "玉滘镇",
    "锡场镇",
    "新亨镇",
    "埔田镇",
    "云路镇",
    "白塔镇",
    "龙尾镇",
    "月城镇",
    "霖磐镇",
    "玉湖镇",
  ],
  "445222": ["河婆街道", "棉湖镇", "钱坑镇", "金和镇", "凤江镇", "坪上镇", "京溪园镇", "五经富镇", "灰寨镇", "良田乡"],
  "445224": ["惠城镇", "神泉镇", "靖海镇", "岐石镇", "隆江镇", "葵潭镇", "溪西镇", "东港镇", "前詹镇", "仙庵镇"],
  "445281": [
    "流沙东街道",
    "流沙西街道",
    "流沙南街道",
    "燎原街道",
    "池尾街道",
    "占陇镇",
    "军埠镇",
    "大坝镇",
    "洪阳镇",
    "南径镇",
    "梅塘镇",
    "高埔镇",
    "里湖镇",
    "梅林镇",
    "船埔镇",
  ],
};
