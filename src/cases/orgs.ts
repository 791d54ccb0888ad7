// What an organisation name looks like in these reports: schools, colleges, centres, companies and
// offices all end in one of a few words, and no verb, preposition or pronoun stands inside one.
import type { Token } from '../text/jieba.ts';

const SUFFIX = /(?:大学|学院|学校|职校|技校|卫校|中专|中专部|中学|小学|幼儿园|分校|校区|中心|研究院|研究所|集团|公司|企业|局|厅|委员会|协会|学会|联盟|联合体|基地|医院|政府|办公室|中心校)$/;
// Names like 各中职学校 or 我市职业学校 speak of a group, not of one body.
// A name that opens with a kind-of-body word (基地年培训企业) is a phrase about bodies, not a name.
const GENERIC = /^(?:各|全市|全区|全国|我市|我区|我校|本市|本校|该|其|这|此|有关|相关|部分|多所|一批|所有|职业院校|中职学校|高职院校|职业学校|学校|学院|基地|企业|公司|中心|集团|协会|院校)/;
const OPTIONAL_TAG = /[（(]民办[）)]$/;

/** A name as printed may carry a trailing （民办）; the kind of body shows before it. */
export function isOrgName(name: string): boolean {
  const bare = name.replace(OPTIONAL_TAG, '');
  return [...bare].length >= 4 && SUFFIX.test(bare) && !GENERIC.test(bare);
}

// jieba tags that cannot be part of a name: verbs, adverbs, prepositions, conjunctions, pronouns,
// particles (教育/vn and 附属/b can: 鹿寨职业教育中心, 柳州城市职业学院附属中专部).
const BREAK_TAGS = /^(?:v|vd|vg|vi|vq|d|p|c|r|rr|rz|u.*|y|e|o)$/;
const PUNCT = /^[\p{P}\p{S}\s]+$/u;

export function breaksName(t: Token): boolean {
  return BREAK_TAGS.test(t.tag) || PUNCT.test(t.word);
}
