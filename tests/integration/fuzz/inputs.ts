/**
 * The fuzz suite's inputs: a seeded pseudo-random generator (the same seed gives the same inputs, so a failure can
 * be replayed with FUZZ_SEED) and the kinds of hostile text a form, a query or a URL id can carry.
 */

/** mulberry32: small, fast and good enough to pick inputs; not for secrets. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      return items[int(items.length)]!;
    },
    chance(probability: number) {
      return next() < probability;
    },
  };
}
export type Random = ReturnType<typeof createRandom>;

/** Marks an input whose raw appearance in HTML would mean it was rendered unescaped. */
export const SCRIPT_MARKER = "<script>fz1()</script>";
export const ATTRIBUTE_MARKER = '"><img src=x onerror=fz2()>';

export const CONTROL = [
  "\u0000",
  "a\u0000b",
  "%00",
  "\u0001",
  "\u0007",
  "\u0008",
  "\u000b",
  "\u000c",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u009f",
  "\r\n",
  "\t",
];
export const SURROGATES = ["\ud800", "\udfff", "a\ud83d", "\ude00b", "\udbff\udbff"];
export const BIDI = [
  "\u202e",
  "abc\u202Etxt.exe",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];
export const NUMBERS = [
  "一百万",
  "壹佰万元",
  "五十万",
  "３．４５",
  "１２０",
  "１，０００",
  "1e5",
  "1E+21",
  "-0",
  "-1",
  "0x10",
  "Infinity",
  "NaN",
  "9".repeat(40),
  "0.0000001",
  "1.005",
  "1,2,3",
  "1 000",
  "٣٤٥",
  "½",
  "12.",
  ".5",
  "+5",
  "2^53",
  "9007199254740993",
];
export const DATES = [
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "0000-00-00",
  "9999-12-31",
  "1900-02-29",
  "2026/03/15",
  "2026年3月15日",
  "15-03-2026",
  "2026-3-5",
  "2026-03-15T00:00:00Z",
  "yesterday",
  "",
];
export const ENUM_LOOKALIKES = [
  "OPEN ",
  " open",
  "open",
  "ОРЕN", // Cyrillic О, Р, Е
  "ＯＰＥＮ",
  "APPROVED\u0000",
  "DECLINED,APPROVED",
  "BANK",
  "ADMIN",
  "SUPERSEDED",
  "publish",
  "submit",
  "delete",
  "true",
  "on",
  "null",
  "undefined",
];
export const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
];
export const INJECTION = [
  SCRIPT_MARKER,
  ATTRIBUTE_MARKER,
  "javascript:fz3()",
  '\'; DROP TABLE "User"; --',
  "' OR '1'='1",
  "${7*7}",
  "{{7*7}}",
  "../../etc/passwd",
  "%2e%2e%2f",
  "a:b:c",
  "\\",
  "NOT a OR b",
  'region = "x" OR 1 = 1',
  "*",
  "%",
  "_",
];
export const PLAIN = [
  "",
  " ",
  "x",
  "揭阳",
  "测试企业有限公司",
  "13800000001",
  "a@b.co",
  "91445202MA4U000000",
  "0",
  "1",
];

const FAMILIES = [CONTROL, SURROGATES, BIDI, NUMBERS, DATES, ENUM_LOOKALIKES, PROTOTYPE_KEYS, INJECTION, PLAIN];

/** One hostile value: a corpus entry, sometimes wrapped in plausible text or repeated into an overlong string. */
export function hostileValue(random: Random): string {
  const roll = random.next();
  if (roll < 0.06)
    return random.pick(["a", "揭", "9", SCRIPT_MARKER]).repeat(random.pick([201, 1_001, 10_001, 100_001]));
  const base = random.pick(random.pick(FAMILIES));
  if (roll < 0.3) return `测试${base}内容`;
  if (roll < 0.4) return `${base}${random.pick(random.pick(FAMILIES))}`;
  return base;
}

/** A value for a URL path id: hostile, or a real id of the world (to reach deeper code with fuzzed fields). */
export function hostileId(random: Random, realIds: readonly string[]): string {
  if (realIds.length > 0 && random.chance(0.35)) return random.pick(realIds);
  return hostileValue(random);
}

export function hostileKey(random: Random, knownKeys: readonly string[]): string {
  if (random.chance(0.08)) return random.pick(PROTOTYPE_KEYS);
  if (random.chance(0.04)) return hostileValue(random).slice(0, 60) || "k";
  return random.pick(knownKeys);
}
