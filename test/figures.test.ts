// Figure stage on the real seeds: images paired with the caption under them (003), 图：… captions
// without a number (001), captions whose pictures the PDF export lost (002).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { extractFile } from '../src/run-extract.ts';
import { parseCaption } from '../src/figures/captions.ts';
import type { AnyRecord, CaseRecord, DocumentRecord, FigureRecord, SectionRecord } from '../src/schema/records.ts';

const SEEDS = {
  '000': '000_3d957bb943967ad8.txt',
  '001': '001_5513493e1958f825.txt',
  '002': '002_f871cb208ab6dbba.txt',
  '003': '003_bd1a537eaddbdeb6.txt',
} as const;
type Seed = keyof typeof SEEDS;

const records = new Map<Seed, AnyRecord[]>();

beforeAll(async () => {
  for (const seed of Object.keys(SEEDS) as Seed[]) {
    const path = fileURLToPath(new URL(`../../shared/corpus/seeds/${SEEDS[seed]}`, import.meta.url));
    const r = await extractFile(path, `s${seed}`, qualityReport);
    expect(r.status, `${seed}: ${r.error?.message}`).toBe('ok');
    records.set(seed, r.records);
  }
});

const figures = (seed: Seed) => records.get(seed)!.filter((r): r is FigureRecord => r.kind === 'figure');
const sectionText = (seed: Seed) => records.get(seed)!.filter((r): r is SectionRecord => r.kind === 'section').map((s) => s.text).join('\n');
const row = (f: FigureRecord) => [f.id, f.number, f.caption, f.image, f.sectionId];

describe('seed 003: images with captions', () => {
  it('pairs every image with the caption right after it', () => {
    expect(figures('003').map(row)).toEqual([
      ['s003/fig/2.6', '2.6', '北部湾职业技术学校参加2023年国赛新能源汽车维修赛项的获奖团队合影', '2023年新能源汽车维修赛项国赛刘世伟校长汽车学部主任和学生合影留念二等奖', 's003/sec/2.6'],
      ['s003/fig/3.3', '3.3', '灵山县职业学校师生在“玉兰花产业示范基地”开展助农活动', '无人机教学活动1', 's003/sec/3.3'],
      ['s003/fig/4.1-1', '4.1-1', '北部湾职业技术学校学生在“高岭杯”第九届全国陶瓷行业职业技能竞赛总决赛中荣获拉坯一等奖第一名', 'C:/Users/lenovo/Desktop/888888888/图片2.jpg图片2', 's003/sec/4.1'],
      ['s003/fig/4.1-2', '4.1-2', '北部湾职业技术学校学生在“陶艺城杯”第九届全国陶瓷行业职业技能竞赛总决赛中荣获雕塑一等奖', 'C:/Users/lenovo/Desktop/888888888/图片1.jpg图片1', 's003/sec/4.1'],
      ['s003/fig/4.1-3', '4.1-3', '钦州市卫生学校利用中药种植园弘扬传承中医药文化', '05(1)', 's003/sec/4.1'],
      ['s003/fig/6.5', '6.5', '浦北县第一职业技术学校“现代学徒制”教学实训现场', 'Q4VR@U719L523CC]PQ8{$`N', 's003/sec/6.5'],
    ]);
    expect((records.get('003')![0] as DocumentRecord).counts.figures).toBe(6);
  });

  it('covers image and caption in the provenance', () => {
    const f = figures('003').find((x) => x.number === '3.3')!;
    expect(f.provenance.lineStart).toBe(365); // [image: 无人机教学活动1]
    expect(f.provenance.lineEnd).toBe(366); // 图3.3 …
  });

  it('gives a case figure its own record and lists it with the case', () => {
    const c = records.get('003')!.find((r): r is CaseRecord => r.kind === 'case' && r.number === '3.3')!;
    const f = figures('003').find((x) => x.number === '3.3')!;
    expect(c.figures).toEqual([`图${f.number} ${f.caption}`]);
  });

  it('takes the captions out of the section text', () => {
    expect(sectionText('003')).not.toMatch(/图\s*\d/);
  });
});

describe('seed 001: 图：… captions', () => {
  it('makes unnumbered figures, without images, in the sections of the appendix cases', () => {
    expect(figures('001').map(row)).toEqual([
      ['s001/fig/@1', null, '二职校“侗寨五娘”歌舞秀推广非遗民族文化', null, 's001/sec/附件/7.2/一'],
      ['s001/fig/@2', null, '服装设计专业张由温同学在法国里昂SEPR学校进行交流学习', null, 's001/sec/附件/7.2/三'],
      ['s001/fig/@3', null, '同学们参加平整菜地实践活动', null, 's001/sec/附件/7.3'],
      ['s001/fig/@4', null, '在欢声笑语中称量劳动果实', null, 's001/sec/附件/7.3'],
    ]);
    expect(sectionText('001')).not.toContain('图：');
  });
});

describe('seed 002: captions whose pictures were lost', () => {
  it('reads 图2-1 and 图 2-2 with the number apart from the caption', () => {
    const fs = figures('002');
    expect(fs.map((f) => f.number)).toEqual(['2-1', '2-2', '2-3', '3-1', '3-2', '3-3']);
    expect(row(fs[0]!)).toEqual(['s002/fig/2-1', '2-1', '2020-2021年在校生、毕业生和家長满意度', null, 's002/sec/二/(三)/1']);
    expect(row(fs[1]!)).toEqual(['s002/fig/2-2', '2-2', '2020-2021 年教职工满意度', null, 's002/sec/二/(三)/2']);
    expect(sectionText('002')).not.toMatch(/图\s*\d-\d/);
    // The subfigure labels under a lost figure stay text.
    expect(sectionText('002')).toContain('(1) 2020-2021年在校生满意度');
  });
});

describe('seed 000', () => {
  it('has one figure, in appendix 3', () => {
    expect(figures('000').map((f) => [f.number, f.caption, f.image])).toEqual([[null, '各专业大类所设专业数量占比', null]]);
  });
});

describe('captions', () => {
  it('needs a number or a colon after 图', () => {
    expect(parseCaption('图3.3 灵山县职业学校师生')).toEqual({ number: '3.3', caption: '灵山县职业学校师生' });
    expect(parseCaption('图 2-2 2020-2021 年教职工满意度')).toEqual({ number: '2-2', caption: '2020-2021 年教职工满意度' });
    expect(parseCaption('图2.6北部湾职业技术学校')).toEqual({ number: '2.6', caption: '北部湾职业技术学校' });
    expect(parseCaption(' 图：同学们参加平整菜地实践活动')).toEqual({ number: null, caption: '同学们参加平整菜地实践活动' });
    expect(parseCaption('图书名称')).toBeNull();
    expect(parseCaption('图表显示，满意度逐年提高。')).toBeNull();
    expect(parseCaption('图1显示满意度逐年提高。其中毕业生满意度最高。')).toBeNull();
  });

  it('makes a figure of an image without caption, and of an image and caption inside a one-cell box', async () => {
    const text = [
      '1.概况',
      '正文。',
      '[image: pic1.png]',
      '正文二。',
      '\t案例1-1【标题】',
      '柳州职业技术学院开展工作。',
      '',
      '\t[image: pic2.png]',
      '图1-1 实训现场',
      '',
      '',
      '2.下一章',
      '',
    ].join('\n');
    const r = await extractBuffer(Buffer.from(text), 'synthetic.txt', 'syn', qualityReport);
    expect(r.status).toBe('ok');
    expect(r.records.filter((x): x is FigureRecord => x.kind === 'figure').map(row)).toEqual([
      ['syn/fig/@1', null, '', 'pic1.png', 'syn/sec/1'],
      ['syn/fig/1-1', '1-1', '实训现场', 'pic2.png', 'syn/sec/1'],
    ]);
    const c = r.records.find((x): x is CaseRecord => x.kind === 'case')!;
    expect(c.figures).toEqual(['图1-1 实训现场']);
    expect(c.body).toBe('柳州职业技术学院开展工作。');
    const f = r.records.find((x): x is FigureRecord => x.id === 'syn/fig/1-1')!;
    expect([f.provenance.lineStart, f.provenance.lineEnd]).toEqual([8, 9]);
  });
});
