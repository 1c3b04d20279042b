/**
 * ≥ 300 经营主体 of every entity type across all counties and parks. The first few are hand-written showcase
 * accounts (see showcase.ts) that the demo walks through; the rest are generated from the business lines with a
 * seeded PRNG, so every run yields the same firms, codes and phone numbers.
 *
 * Identifiers: firms get a GB 32100-2015 credit code built for their county (category 91 companies, 92 individual
 * businesses and family farms, 93 co-operatives, 52 private non-enterprise units); farm households get a masked
 * identity-style number (FARMER_ID). Phone numbers are the unallocated-looking 1380000xxxx block: obviously fake.
 */
import { EnterpriseIdType, EntityType as E, SizeClass } from "../../app/generated/prisma/client.ts";
import { buildCreditCode } from "../../app/modules/enterprise/credit-code.ts";
import { buildIdentityNumber } from "../../app/modules/enterprise/identifiers.ts";
import { BUSINESS_LINES, ORIGIN_CITIES, businessLine, type BusinessLine } from "./business-lines.ts";
import { sectionOfDivision } from "./industries.ts";
import { brandName, personName, villageName } from "./names.ts";
import { createRandom, type Random } from "./random.ts";
import { COUNTY_CODES, REGIONS, TOWNS, regionByCode } from "./regions.ts";
import { SHOWCASE_ENTERPRISES } from "./showcase.ts";
import { REFERENCE_DATE, addCalendarDays, shanghaiInstant } from "./time.ts";

export interface EnterpriseSeed {
  /** Stable id, e.g. seed-ent-0001; the natural key is (idType, idNumber). */
  id: string;
  /** 1-based; also the enterprise user's phone suffix. */
  serial: number;
  lineKey: string;
  name: string;
  idType: EnterpriseIdType;
  idNumber: string;
  entityType: E;
  sizeClass: SizeClass;
  industrySection: string;
  industryDivision: string;
  regionCode: string;
  parkCode: string | null;
  /** YYYY-MM-DD */
  foundedOn: string | null;
  employees: number | null;
  /** 元, decimal string */
  annualRevenue: string | null;
  originCity: string | null;
  declaresNoPriorLoan: boolean;
  legalRepresentative: string | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  address: string;
  /** When the enterprise registered on the platform. */
  createdAt: Date;
}

/** How many of each entity type, showcase accounts included. */
export const ENTERPRISE_MIX: readonly (readonly [E, number])[] = [
  [E.TRANSFERRED_FIRM, 45],
  [E.SMALL_MICRO, 95],
  [E.INDIVIDUAL_BUSINESS, 50],
  [E.FARM_HOUSEHOLD, 35],
  [E.FAMILY_FARM, 30],
  [E.COOPERATIVE, 28],
  [E.AGRI_ENTERPRISE, 22],
  [E.OTHER, 15],
];

export function enterprisePhone(serial: number): string {
  return `138${String(serial).padStart(8, "0")}`;
}

export function enterpriseSeedId(serial: number): string {
  return `seed-ent-${String(serial).padStart(4, "0")}`;
}

const COUNTY_ADDRESS_PREFIX: Record<string, string> = {
  [COUNTY_CODES.rongcheng]: "揭阳市榕城区",
  [COUNTY_CODES.jiedong]: "揭阳市揭东区",
  [COUNTY_CODES.jiexi]: "揭西县",
  [COUNTY_CODES.huilai]: "惠来县",
  [COUNTY_CODES.puning]: "普宁市",
};

const STREETS = ["工业区", "工业大道", "商业街", "环城路", "新河路", "建设路", "中山路", "解放路", "人民路", "站前路"];
const PARK_ROADS = ["一路", "二路", "创业路", "科技大道", "纬一路", "经三路", "园区大道", "港前路"];

const SIZE_WEIGHTS: Record<E, readonly (readonly [SizeClass, number])[]> = {
  TRANSFERRED_FIRM: [
    [SizeClass.MEDIUM, 5],
    [SizeClass.SMALL, 4],
    [SizeClass.LARGE, 1],
  ],
  SMALL_MICRO: [
    [SizeClass.SMALL, 5],
    [SizeClass.MICRO, 5],
  ],
  INDIVIDUAL_BUSINESS: [[SizeClass.MICRO, 1]],
  FARM_HOUSEHOLD: [[SizeClass.MICRO, 1]],
  FAMILY_FARM: [
    [SizeClass.MICRO, 4],
    [SizeClass.SMALL, 1],
  ],
  COOPERATIVE: [
    [SizeClass.MICRO, 3],
    [SizeClass.SMALL, 2],
  ],
  AGRI_ENTERPRISE: [
    [SizeClass.SMALL, 4],
    [SizeClass.MEDIUM, 2],
    [SizeClass.MICRO, 1],
  ],
  OTHER: [
    [SizeClass.SMALL, 2],
    [SizeClass.MICRO, 2],
  ],
};

/** Share that self-declares "never had a bank loan" (首贷 candidates). */
const NO_PRIOR_LOAN_SHARE: Record<E, number> = {
  TRANSFERRED_FIRM: 0.05,
  SMALL_MICRO: 0.3,
  INDIVIDUAL_BUSINESS: 0.45,
  FARM_HOUSEHOLD: 0.55,
  FAMILY_FARM: 0.4,
  COOPERATIVE: 0.35,
  AGRI_ENTERPRISE: 0.15,
  OTHER: 0.3,
};

/** Founding years (inclusive) by entity type; transferred firms set up their 揭阳 entity recently. */
const FOUNDED_YEARS: Record<E, readonly [number, number]> = {
  TRANSFERRED_FIRM: [2023, 2026],
  SMALL_MICRO: [2008, 2025],
  INDIVIDUAL_BUSINESS: [2005, 2025],
  FARM_HOUSEHOLD: [1995, 2022],
  FAMILY_FARM: [2014, 2025],
  COOPERATIVE: [2008, 2024],
  AGRI_ENTERPRISE: [2005, 2023],
  OTHER: [2010, 2024],
};

const NON_COMPANY_OTHER_LINES = new Set(["training", "elderly-care"]);

export interface EnterpriseShape {
  entityType: E;
  lineKey: string;
  regionCode: string;
  parkCode: string | null;
}

/** Everything not fixed by a showcase spec, drawn from the PRNG. */
function generateShape(random: Random, entityType: E): EnterpriseShape {
  const lines = BUSINESS_LINES.filter((line) => line.entityTypes.includes(entityType));
  const line = random.pick(lines);
  let parkCode: string | null = null;
  if (entityType === E.TRANSFERRED_FIRM) {
    parkCode = line.parks.length > 0 ? random.pick(line.parks) : random.pick(["4452-CYY", "4452-GXQ", "4452-KGJ"]);
  } else if ((entityType === E.SMALL_MICRO || entityType === E.OTHER) && line.parks.length > 0 && random.chance(0.3)) {
    parkCode = random.pick(line.parks);
  }
  const regionCode = parkCode ? regionByCode(parkCode).hostCountyCode! : random.weighted(line.counties);
  return { entityType, lineKey: line.key, regionCode, parkCode };
}

function registeredName(
  random: Random,
  shape: EnterpriseShape,
  line: BusinessLine,
  town: string,
  person: string,
): string {
  const prefix = COUNTY_ADDRESS_PREFIX[shape.regionCode]!;
  const word = random.pick(line.nameWords);
  const brand = brandName(random);
  switch (shape.entityType) {
    case E.TRANSFERRED_FIRM:
      return `${random.pick(["广东", "揭阳"])}${brand}${word}有限公司`;
    case E.SMALL_MICRO:
      return `${prefix}${brand}${word}有限公司`;
    case E.AGRI_ENTERPRISE:
      return `${prefix}${brand}${random.pick([...line.nameWords, "农业发展", "生态农业"])}有限公司`;
    case E.COOPERATIVE:
      return `${prefix}${town}${brand}${word}专业合作社`;
    case E.FAMILY_FARM:
      return `${prefix}${town}${brand}家庭农场`;
    case E.FARM_HOUSEHOLD:
      return person;
    case E.INDIVIDUAL_BUSINESS: {
      const shopLike = /(店|厂|厅|行|部|场|中心)$/.test(word);
      return `${prefix}${town}${brand}${word}${shopLike ? "" : random.pick(["商行", "经营部", "加工场", "工作室"])}`;
    }
    case E.OTHER:
      return NON_COMPANY_OTHER_LINES.has(line.key) ? `${prefix}${brand}${word}` : `${prefix}${brand}${word}有限公司`;
  }
}

function creditCategory(entityType: E, lineKey: string): string {
  switch (entityType) {
    case E.INDIVIDUAL_BUSINESS:
    case E.FAMILY_FARM:
      return "92";
    case E.COOPERATIVE:
      return "93";
    case E.OTHER:
      return NON_COMPANY_OTHER_LINES.has(lineKey) ? "52" : "91";
    default:
      return "91";
  }
}

function employeesFor(random: Random, entityType: E, size: SizeClass): number {
  switch (size) {
    case SizeClass.LARGE:
      return random.int(1000, 3200);
    case SizeClass.MEDIUM:
      return random.int(100, 900);
    case SizeClass.SMALL:
      return random.int(10, 99);
    case SizeClass.MICRO:
      if (entityType === E.FARM_HOUSEHOLD) return random.int(1, 4);
      if (entityType === E.INDIVIDUAL_BUSINESS) return random.int(1, 8);
      return random.int(2, 9);
  }
}

/** Annual revenue in whole 万元. */
function revenueWanFor(random: Random, entityType: E, size: SizeClass): number {
  switch (size) {
    case SizeClass.LARGE:
      return random.int(40, 200) * 1000;
    case SizeClass.MEDIUM:
      return random.int(50, 400) * 100;
    case SizeClass.SMALL:
      return random.int(30, 500) * 10;
    case SizeClass.MICRO:
      if (entityType === E.FARM_HOUSEHOLD) return random.int(3, 60);
      if (entityType === E.INDIVIDUAL_BUSINESS) return random.int(10, 300);
      return random.int(20, 300);
  }
}

/**
 * Spreads serials over the whole 9-character organisation-code space (31^9 values) so the codes do not all share
 * a prefix; multiplying by a prime coprime to 31 keeps distinct serials distinct.
 */
function scrambledSerial(serial: number): number {
  const space = 31 ** 9;
  return (serial * 982_451_653 + 7_654_321) % space;
}

function randomDay(random: Random, fromYear: number, toYear: number): string {
  const from = Date.parse(`${fromYear}-01-01T00:00:00Z`);
  const latest = Math.min(
    Date.parse(`${toYear}-12-31T00:00:00Z`),
    Date.parse(`${addCalendarDays(REFERENCE_DATE, -120)}T00:00:00Z`),
  );
  const days = Math.floor((latest - from) / 86_400_000);
  return addCalendarDays(`${fromYear}-01-01`, random.int(0, Math.max(0, days)));
}

/**
 * A synthetic but well-formed resident identity number (GB 11643: region, birth date, sequence, check digit), so a
 * farm household's profile can be saved again as it stands. Month, day and sequence derive from the serial (no
 * extra random draws: the rest of the demo world stays as it was); the sequence keeps them unique.
 */
function farmerIdNumber(regionCode: string, birthYear: number, serial: number): string {
  const month = String(1 + (serial % 12)).padStart(2, "0");
  const day = String(1 + ((serial * 7) % 28)).padStart(2, "0");
  return buildIdentityNumber(`${regionCode}${birthYear}${month}${day}${String(serial % 1000).padStart(3, "0")}`);
}

export function buildEnterprises(): EnterpriseSeed[] {
  const random = createRandom("enterprises");
  const usedNames = new Set<string>();
  const enterprises: EnterpriseSeed[] = [];

  // Showcase accounts take the first serials; the generated rest fill each entity type up to its quota.
  const remaining = new Map(ENTERPRISE_MIX);
  for (const showcase of SHOWCASE_ENTERPRISES) {
    remaining.set(showcase.entityType, remaining.get(showcase.entityType)! - 1);
  }
  const generatedTypes = [...remaining].flatMap(([type, count]) => Array.from({ length: count }, () => type));
  // Interleave entity types so consecutive phone numbers are not all the same kind of business.
  const shuffledTypes = random.sample(generatedTypes, generatedTypes.length);

  const specs = [
    ...SHOWCASE_ENTERPRISES.map((showcase) => ({ shape: showcase as EnterpriseShape, showcase })),
    ...shuffledTypes.map((type) => ({ shape: generateShape(random, type), showcase: undefined })),
  ];

  specs.forEach(({ shape, showcase }, index) => {
    const serial = index + 1;
    const line = businessLine(shape.lineKey);
    const town = showcase?.town ?? random.pick(TOWNS[shape.regionCode]!);
    const legalRepresentative = personName(random);
    const { entityType } = shape;

    let name = showcase?.name ?? registeredName(random, shape, line, town, legalRepresentative);
    while (usedNames.has(name)) name = registeredName(random, shape, line, town, personName(random));
    usedNames.add(name);

    const sizeClass = showcase?.sizeClass ?? random.weighted(SIZE_WEIGHTS[entityType]);
    const [fromYear, toYear] = FOUNDED_YEARS[entityType];
    const foundedOn =
      showcase?.foundedOn ??
      (entityType === E.FARM_HOUSEHOLD && random.chance(0.3) ? null : randomDay(random, fromYear, toYear));

    const isPersonRun = sizeClass === SizeClass.MICRO || entityType === E.FARM_HOUSEHOLD;
    const contactName = showcase?.contactName ?? (isPersonRun ? legalRepresentative : personName(random));

    const idType = entityType === E.FARM_HOUSEHOLD ? EnterpriseIdType.FARMER_ID : EnterpriseIdType.USCC;
    const idNumber =
      idType === EnterpriseIdType.FARMER_ID
        ? farmerIdNumber(shape.regionCode, random.int(1958, 1990), serial)
        : buildCreditCode(shape.regionCode, scrambledSerial(serial), creditCategory(entityType, shape.lineKey));

    const parkName = shape.parkCode ? REGIONS.find((region) => region.code === shape.parkCode)!.name : null;
    const countyPrefix = COUNTY_ADDRESS_PREFIX[shape.regionCode]!;
    const isFarm =
      line.division.length === 2 && sectionOfDivision(line.division) === "A" && entityType !== E.AGRI_ENTERPRISE;
    const address = parkName
      ? `${parkName.startsWith("揭阳") ? "" : "揭阳市"}${parkName}${random.pick(PARK_ROADS)}${random.int(1, 88)}号`
      : isFarm
        ? `${countyPrefix}${town}${villageName(random)}`
        : `${countyPrefix}${town}${random.pick(STREETS)}${random.int(1, 300)}号`;

    // Showcase accounts joined early (their scripted needs go back ~8 months); the rest joined over the past year.
    const registeredDaysAgo = showcase ? 400 : random.int(20, 420);
    let registeredOn = addCalendarDays(REFERENCE_DATE, -registeredDaysAgo);
    if (foundedOn && registeredOn < foundedOn) registeredOn = addCalendarDays(foundedOn, 7);

    const isCompany = !([E.FARM_HOUSEHOLD, E.INDIVIDUAL_BUSINESS, E.FAMILY_FARM] as E[]).includes(entityType);
    enterprises.push({
      id: enterpriseSeedId(serial),
      serial,
      lineKey: shape.lineKey,
      name,
      idType,
      idNumber,
      entityType,
      sizeClass,
      industrySection: sectionOfDivision(line.division),
      industryDivision: line.division,
      regionCode: shape.regionCode,
      parkCode: shape.parkCode,
      foundedOn,
      employees: employeesFor(random, entityType, sizeClass),
      annualRevenue: `${revenueWanFor(random, entityType, sizeClass)}0000`,
      originCity: entityType === E.TRANSFERRED_FIRM ? (showcase?.originCity ?? random.weighted(ORIGIN_CITIES)) : null,
      declaresNoPriorLoan: showcase?.declaresNoPriorLoan ?? random.chance(NO_PRIOR_LOAN_SHARE[entityType]),
      legalRepresentative,
      contactName,
      contactPhone: enterprisePhone(serial),
      contactEmail: isCompany && random.chance(0.6) ? `jy${String(serial).padStart(4, "0")}@example.com` : null,
      address,
      createdAt: shanghaiInstant(registeredOn, random.int(8, 20), random.int(0, 59)),
    });
  });
  return enterprises;
}
