// Every key, in both languages, with sample values: nothing left unfilled, no placeholder Korean uses
// that English does not give, plural forms chosen by count, and Discord/LANG/Accept-Language mapping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LOCALES, localeOfAcceptLanguage, localeOfDiscord, localeOfPosix } from '../../../src/i18n/locale.ts';
import { msg, render } from '../../../src/i18n/message.ts';
import { catalogueOf, translate, type MessageKey } from '../../../src/i18n/translate.ts';
import type { MessageText } from '../../../src/i18n/catalogue.ts';

const placeholders = (m: MessageText): Set<string> => {
  const texts = typeof m === 'string' ? [m] : Object.values(m);
  return new Set(texts.flatMap((t) => [...(t ?? '').matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((x) => x[1]!)));
};

describe('the catalogues', () => {
  const en = catalogueOf('en');
  const ko = catalogueOf('ko');
  const keys = Object.keys(en) as MessageKey[];

  test('Korean answers every English key and no other', () => {
    assert.deepEqual(Object.keys(ko).sort(), [...keys].sort());
  });

  test('every key renders in both languages with sample values, nothing left unfilled or empty', () => {
    for (const key of keys) {
      const names = placeholders(en[key]);
      const vars: Record<string, string | number> = {};
      for (const n of names) vars[n] = n === 'count' ? 2 : `«${n}»`;
      if (typeof en[key] !== 'string') vars.count = 2;
      for (const locale of LOCALES) {
        const text = (translate as (l: string, k: string, v: unknown) => string)(locale, key, vars);
        assert.ok(text.trim().length > 0, `${locale} ${key} is empty`);
        assert.doesNotMatch(text, /\{[A-Za-z0-9_]+\}/, `${locale} ${key} left a placeholder: ${text}`);
        for (const n of names) if (n !== 'count') assert.ok(text.includes(`«${n}»`), `${locale} ${key} drops {${n}}: ${text}`);
      }
    }
  });

  test('Korean uses only the placeholders English gives', () => {
    for (const key of keys) {
      const extra = [...placeholders(ko[key])].filter((n) => !placeholders(en[key]).has(n) && n !== 'count');
      assert.deepEqual(extra, [], key);
    }
  });

  test('plural forms follow the count, numbers are formatted for the reader', () => {
    assert.equal(translate('en', 'common.agents', { count: 1 }), '1 agent');
    assert.equal(translate('en', 'common.agents', { count: 1200 }), '1,200 agents');
    assert.equal(translate('ko', 'common.agents', { count: 1200 }), '에이전트 1,200개');
    assert.equal(render('ko', msg('common.fault', { ref: 'E-1' })).includes('E-1'), true);
  });
});

describe('choosing the language', () => {
  test('Discord: ko is Korean, every other locale English', () => {
    assert.equal(localeOfDiscord('ko'), 'ko');
    for (const l of ['en-US', 'en-GB', 'de', 'ja', 'zh-CN', '', null, undefined]) assert.equal(localeOfDiscord(l), 'en');
  });
  test('LANG: ko_KR.UTF-8 is Korean', () => {
    assert.equal(localeOfPosix('ko_KR.UTF-8'), 'ko');
    assert.equal(localeOfPosix('ko'), 'ko');
    for (const l of ['C.UTF-8', 'en_US.UTF-8', 'kok_IN', '', undefined]) assert.equal(localeOfPosix(l), 'en');
  });
  test('Accept-Language: the first of ours by quality', () => {
    assert.equal(localeOfAcceptLanguage('ko-KR,ko;q=0.9,en-US;q=0.8'), 'ko');
    assert.equal(localeOfAcceptLanguage('de-DE, en;q=0.5, ko;q=0.7'), 'ko');
    assert.equal(localeOfAcceptLanguage('fr'), 'en');
    assert.equal(localeOfAcceptLanguage(undefined), 'en');
  });
});
