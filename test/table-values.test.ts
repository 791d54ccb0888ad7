import { describe, expect, it } from 'vitest';
import { typedCell } from '../src/tables/record.ts';
import { parseValue, splitUnit } from '../src/tables/values.ts';

describe('cell values', () => {
  it('reads integers and decimals as printed', () => {
    expect(parseValue('17165')).toMatchObject({ type: 'integer', value: 17165 });
    expect(parseValue(' 0 ')).toMatchObject({ type: 'integer', value: 0 });
    expect(parseValue('94.53')).toMatchObject({ type: 'decimal', value: 94.53, decimals: 2 });
    expect(parseValue('0.60')).toMatchObject({ type: 'decimal', value: 0.6, decimals: 2 });
    expect(parseValue('-3')).toMatchObject({ type: 'integer', value: -3 });
    expect(parseValue('１２３')).toMatchObject({ type: 'integer', value: 123 });
  });

  it('drops thousands separators', () => {
    expect(parseValue('28,650')).toMatchObject({ type: 'integer', value: 28650 });
    expect(parseValue('1,234,567.5')).toMatchObject({ type: 'decimal', value: 1234567.5 });
    // Not a thousands group: left as text rather than guessed.
    expect(parseValue('28,65')).toMatchObject({ type: 'text', value: null });
  });

  it('keeps a percentage as printed, with its unit', () => {
    expect(parseValue('12.5%')).toEqual({ type: 'percent', value: 12.5, unit: '%', decimals: 1 });
    expect(parseValue('100％')).toMatchObject({ type: 'percent', value: 100, unit: '%' });
  });

  it('reads ratios', () => {
    expect(parseValue('1.20:1')).toMatchObject({ type: 'ratio', value: 1.2, ratio: [1.2, 1] });
    expect(parseValue('2.34∶1')).toMatchObject({ type: 'ratio', value: 2.34, ratio: [2.34, 1] });
    expect(parseValue('3：2')).toMatchObject({ type: 'ratio', value: 3, ratio: [3, 2] });
  });

  it('reads changes marked with arrows', () => {
    expect(parseValue('793↓')).toEqual({ type: 'integer', value: 793, direction: 'down', decimals: 0 });
    expect(parseValue('3492↑')).toMatchObject({ type: 'integer', value: 3492, direction: 'up' });
    expect(parseValue('20.45↓')).toMatchObject({ type: 'decimal', value: 20.45, direction: 'down' });
  });

  it('marks not-available cells and empty ones', () => {
    for (const na of ['——', '---', '--', '-', '—', '/', '／', '无']) expect(parseValue(na), na).toEqual({ type: 'na', value: null });
    expect(parseValue('')).toEqual({ type: 'empty', value: null });
    expect(parseValue('  \n ')).toEqual({ type: 'empty', value: null });
  });

  it('leaves words as text', () => {
    expect(parseValue('柳职院')).toEqual({ type: 'text', value: null });
    expect(parseValue('2022年')).toEqual({ type: 'text', value: null });
    expect(parseValue('柳政发\n〔2021〕27号')).toEqual({ type: 'text', value: null });
  });

  it('takes a unit printed after the number', () => {
    expect(parseValue('5600人')).toMatchObject({ type: 'integer', value: 5600, unit: '人' });
    expect(parseValue('1.5万元')).toMatchObject({ type: 'decimal', value: 1.5, unit: '万元' });
  });
});

describe('typed cells', () => {
  it('applies the column unit, and a % column makes a percentage', () => {
    expect(typedCell('94.53', '%')).toEqual({ text: '94.53', value: 94.53, type: 'percent', unit: '%' });
    expect(typedCell('17165', '人')).toEqual({ text: '17165', value: 17165, type: 'integer', unit: '人' });
    expect(typedCell('12.5%', '人')).toMatchObject({ type: 'percent', value: 12.5, unit: '%' });
    expect(typedCell('1.20:1', null)).toEqual({ text: '1.20:1', value: 1.2, type: 'ratio', unit: null, ratio: [1.2, 1] });
    expect(typedCell('793↓', null)).toEqual({ text: '793↓', value: 793, type: 'integer', unit: null, direction: 'down' });
  });

  it('gives text, empty and not-available cells no unit', () => {
    expect(typedCell('——', '人')).toEqual({ text: '——', value: null, type: 'na' });
    expect(typedCell('', '人')).toEqual({ text: '', value: null, type: 'empty' });
    expect(typedCell('柳职院', '人')).toEqual({ text: '柳职院', value: null, type: 'text' });
  });
});

describe('header labels', () => {
  it('splits the unit off a header and joins its lines', () => {
    expect(splitUnit('在校生\n满意度\n（%）')).toEqual({ text: '在校生满意度', unit: '%' });
    expect(splitUnit('在校生人数（人）')).toEqual({ text: '在校生人数', unit: '人' });
    expect(splitUnit('纸质图书数\n（万册）')).toEqual({ text: '纸质图书数', unit: '万册' });
    expect(splitUnit('生均教学、实习仪器设备资产值（元/生）')).toEqual({ text: '生均教学、实习仪器设备资产值', unit: '元/生' });
    expect(splitUnit('助学人数(人次)')).toEqual({ text: '助学人数', unit: '人次' });
    expect(splitUnit('金额（单位：万元）')).toEqual({ text: '金额', unit: '万元' });
  });

  it('keeps brackets that are not a unit', () => {
    expect(splitUnit('2022年\n（不含技工、区直）')).toEqual({ text: '2022年（不含技工、区直）', unit: null });
    expect(splitUnit('与2022年比较增长（下降）')).toEqual({ text: '与2022年比较增长（下降）', unit: null });
  });
});
