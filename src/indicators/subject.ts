// Whom a figure is about. A report speaks of its own institution (the city of a city report, the
// school of a school's report) unless a sentence names another body: a school by the short name the
// report defined (柳铁职院 → 柳州铁道职业技术学院, through （以下简称“…”）), by its full name, or by
// a name opening a clause (钦州市卫生学校学生参加…). Within a paragraph the body last named stays
// the subject, as a reader carries it from sentence to sentence; a name in an enumeration
// (柳职院、柳铁职院等3所) is one of several and names no single subject.
import { isOrgName } from '../cases/orgs.ts';

export interface SubjectMention {
  /** The full name: an alias resolved, 全市 read as the document's region. */
  name: string;
  /** As printed, when the sentence named it; null for the document's own institution by default. */
  printed: string | null;
}

export interface SubjectReader {
  /** The document's own institution, or null when the report does not say. */
  readonly defaultSubject: string | null;
  /**
   * A paragraph's reader. `carried`: the school of the case the paragraph stands in (a 案例 about
   * 柳职院), which its 学校, 该校, 我校 refer to.
   */
  paragraph(text: string, carried?: string | null): { at(offset: number): SubjectMention | null; lastSchool: string | null };
  /** A printed name (a table's row label) → the full name it stands for, or null when it names no body. */
  resolve(printed: string): string | null;
}

// A school or college, by the word its name ends in.
const SCHOOL = /(?:大学|学院|学校|职校|技校|卫校|中专|职教中心|教育中心)$/;
// A sentence that opens on a kind of school or the whole place (2023届中职学校毕业生…, 全市…) speaks
// of the report's own subject again, whatever body the sentence before it named.
const GROUP_OPENING = /^\s*(?:其中|同时|此外|另外)?[，,]?\s*(?:(?:到|至|截至|截止)?(?:19|20)\d{2}\s?(?:年度?|届|年底|年末)[，,]?\s*)?(?:全市|全区|全省|我市|本市|各|全体)?(?:中等职业学校|中职学校|中职|高职院校|高职学校|高职|职业院校|职业学校)/;

// An organisation's name opening a clause: the shortest run of Han characters ending in a kind of body.
const CLAUSE_ORG = /(?:^|[。；，：！？\n\t])\s*([\u4e00-\u9fff]{2,20}?(?:大学|学院|学校|职校|技校|卫校|中专|职教中心|教育中心))/g;
const NAME_AT_START = /^([\u4e00-\u9fff]{2,20}?(?:大学|学院|学校|职校|技校|卫校|中专|职教中心|教育中心))/;

/**
 * `institution`: the body the document's cover names (front.ts); `region`: the place its title names.
 * The report's own subject is the school when the institution is one (a school's report, a feature
 * about a school), else the region (a city's or a bureau's report), else the institution, else a
 * school the title opens with.
 */
export function subjectReader(opts: { aliases: Record<string, string>; region: string | null; title: string | null; institution?: string | null }): SubjectReader {
  const { aliases, region } = opts;
  const institution = opts.institution ?? null;
  const titleOrg = opts.title ? NAME_AT_START.exec(opts.title)?.[1] ?? null : null;
  const school = institution && SCHOOL.test(institution) && isOrgName(institution) ? institution : null;
  const defaultSubject = school ?? region ?? institution ?? (titleOrg && isOrgName(titleOrg) ? titleOrg : null);
  // Names to look for, longest first so 柳州城职院中专部 is not read as 柳州城职院.
  const names = new Map<string, string>();
  for (const [short, full] of Object.entries(aliases)) { names.set(short, full); names.set(full, full); }
  // A sentence about the country speaks of it, not of the report's own city or school.
  for (const w of ['全国', '我国']) names.set(w, '全国');
  if (region) { names.set(region, region); names.set('全市', region); names.set('我市', region); names.set('本市', region); }
  if (defaultSubject && defaultSubject !== region) { for (const w of ['我校', '本校', '该校']) names.set(w, defaultSubject); }
  const ordered = [...names.keys()].sort((a, b) => b.length - a.length);
  const pattern = ordered.length ? new RegExp(ordered.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;

  function readMentions(text: string, carried: string | null | undefined): { named: Array<{ start: number; end: number; name: string; printed: string | null }>; lastSchool: string | null } {
    const mentions: Array<{ start: number; end: number; name: string; printed: string }> = [];
    if (pattern) for (const m of text.matchAll(pattern)) mentions.push({ start: m.index, end: m.index + m[0].length, name: names.get(m[0])!, printed: m[0] });
    // 学校, 该校, 我校 at the opening of a clause: the school of the section, when one is being spoken of.
    const own = carried && carried !== defaultSubject ? carried : null;
    if (own) for (const m of text.matchAll(/学校|该校|我校|本校/g)) if (!mentions.some((x) => x.start <= m.index && m.index < x.end)) mentions.push({ start: m.index, end: m.index + m[0].length, name: own, printed: m[0] });
    for (const m of text.matchAll(CLAUSE_ORG)) {
      const name = m[1]!;
      const start = m.index + m[0].length - name.length;
      if (!isBodyName(name)) continue;
      // 钦州市卫生学校 is a school, not the city its name begins with: the longer name wins.
      const overlapping = mentions.filter((x) => x.start < start + name.length && start < x.end);
      if (overlapping.some((x) => x.end - x.start >= name.length)) continue;
      for (const x of overlapping) mentions.splice(mentions.indexOf(x), 1);
      mentions.push({ start, end: start + name.length, name: names.get(name) ?? name, printed: name });
    }
    const brackets = bracketSpans(text);
    const named: Array<{ start: number; end: number; name: string; printed: string | null }> = mentions
      .filter((x) => !inEnumeration(text, x.start, x.end) && opensClause(text, x.start) && !brackets.some((b) => b.start < x.start && x.start < b.end));
    for (const m of text.matchAll(/(?:^|[。！？；])/g)) {
      const at = m.index + m[0].length;
      if (GROUP_OPENING.test(text.slice(at, at + 40)) && !named.some((x) => x.start >= at && x.start < at + 16)) named.push({ start: at, end: at, name: defaultSubject ?? '', printed: null });
    }
    named.sort((a, b) => a.start - b.start || a.end - b.end);
    const schools = named.filter((x) => x.printed !== null && x.name !== region && x.name !== '全国' && SCHOOL.test(x.name));
    return { named, lastSchool: schools.length ? schools[schools.length - 1]!.name : (carried ?? null) };
  }

  const resolved = new Map<string, string | null>();
  function resolveName(printed: string): string | null {
    const t = printed.replace(/\s+/g, '');
    // 柳州城职院中专部（鹿寨职教中心）: the name before the bracket, else the one inside it.
    const bare = t.replace(/[（(][^（）()]*[）)]$/, '');
    const inner = /[（(]([^（）()]*)[）)]$/.exec(t)?.[1] ?? '';
    for (const x of [t, bare, inner]) if (x && names.has(x)) return names.get(x)!;
    for (const x of [t, bare]) if (isOrgName(x)) return x;
    return null;
  }

  return {
    defaultSubject,
    resolve(printed: string): string | null {
      // Row labels repeat from table to table (the same schools): each is read once per document.
      const known = resolved.get(printed);
      if (known !== undefined) return known;
      const name = resolveName(printed);
      resolved.set(printed, name);
      return name;
    },
    paragraph(text: string, carried?: string | null) {
      // Read on first use: most paragraphs asked about hold no figure a subject is needed for.
      let read: { named: Array<{ start: number; end: number; name: string; printed: string | null }>; lastSchool: string | null } | null = null;
      const mentionsOf = () => (read ??= readMentions(text, carried));
      return {
        at(offset: number): SubjectMention | null {
          let last: { name: string; printed: string | null; end: number } | undefined;
          for (const x of mentionsOf().named) { if (x.end <= offset) last = x; else break; }
          if (last && last.printed !== null) return { name: last.name, printed: last.printed };
          return defaultSubject ? { name: defaultSubject, printed: null } : null;
        },
        get lastSchool() { return mentionsOf().lastSchool; },
      };
    },
  };
}

// A kind of school with at most a place before it (广西中等职业学校, 高职学校) names a group, not a body.
const KIND = /(?:中等职业学校|中职学校|职业学校|职业院校|高职院校|高职学校|技工学校|高等学校|学校|学院|院校|职校)$/;
// No verb stands inside a body's name: 进一步提升学校, 创建数字化标杆学校 are phrases.
const VERB = /是|建成|已|拥有|共有|获|评为|提升|创建|建设|打造|推进|开展|加强|深化|完善|实施|进一步|举办|成立|组织|参加|获得|入选|设立|培养|服务|推动|引导|支持|鼓励|发挥|构建|形成|打通|带动|助力|依托|联合|共建|走进|进入|成为|作为|对接|面向/;

// What the words before a kind of school say when they describe a group of schools, not name one:
// a level or rank (国家级重点, 自治区五星级), ownership (民办), a kind of school (普通高中学校, 高等专科学校,
// 九年一贯制学校), a scope (全市, 年内, 个别) or a clause (如…, 但由于…).
const NOT_A_NAME = /[各的类所级星]|重点|示范|民办|公办|中职|高职|全市|全区|年内|个别|部分|^如|^但|由于|选择|升入|送|毕业生|学生|普通|高等|专科|初级|中等|初中|中学|小学|九年|一贯|幼儿|特殊教育|^[在与和对向为由从被把将给]|[对向从把被给]/;

function isBodyName(name: string): boolean {
  if (!isOrgName(name) || VERB.test(name)) return false;
  const kind = KIND.exec(name)?.[0] ?? '';
  const prefix = name.slice(0, name.length - kind.length);
  return [...prefix].length > 3 && !NOT_A_NAME.test(prefix);
}

// The subject of a clause stands at its start, after at most a linking word or the year.
const CLAUSE_OPENING = /(?:^|[。；，：！？\n\t])\s*(?:其中|同时|此外|另外|而|且|并且|近年来|目前|截至目前)?[，,]?\s*(?:(?:到|至|截至|截止)?(?:19|20)\d{2}年(?:度|底|末)?[，,]?)?\s*$/;

function opensClause(text: string, start: number): boolean {
  return CLAUSE_OPENING.test(text.slice(Math.max(0, start - 16), start));
}

/** （…） asides: a name inside one (三所高职（柳职院、…）) is not the subject of the sentence around it. */
function bracketSpans(text: string): Array<{ start: number; end: number }> {
  return [...text.matchAll(/[（(][^（）()]{0,80}[）)]/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** 柳职院、柳铁职院等 / 与广汽集团、国轩电池等企业: one of several bodies. */
function inEnumeration(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 1), start);
  const after = text.slice(end, end + 1);
  return before === '、' || after === '、' || after === '等' || after === '和' || after === '与' || after === '及';
}
