import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { noticeMessages } from '../../../../src/transports/discord/notices/notice-messages.ts';
import { eraList } from '../../../../src/transports/discord/notices/notice.ts';

const size = (embeds: Array<{ title?: string; description?: string; footer?: { text: string } }>) =>
  embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0), 0);

describe('notice messages', () => {
  test('a short notice is one message with one embed, coloured by level, footer and content kept', () => {
    const m = noticeMessages({ title: 'T', level: 'critical', lines: ['a', 'b'], footer: 'f', content: 'push' });
    assert.deepEqual(m, [{ content: 'push', embeds: [{ title: 'T', color: 0xe74c3c, description: 'a\nb', footer: { text: 'f' } }] }]);
  });

  test('a long list is split at line boundaries, every message within 6000 chars and 10 embeds, parts numbered', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(120)}`);
    const messages = noticeMessages({ title: 'Digest', level: 'ok', lines, footer: 'thresholds', content: 'first only' });
    assert.ok(messages.length > 1);
    const embeds = messages.flatMap((m) => m.embeds ?? []);
    for (const m of messages) {
      assert.ok((m.embeds ?? []).length <= 10);
      assert.ok(size(m.embeds ?? []) <= 6000, `message of ${size(m.embeds ?? [])} chars`);
    }
    assert.ok(embeds.every((e) => (e.description ?? '').length <= 4096));
    assert.deepEqual(embeds.flatMap((e) => (e.description ?? '').split('\n')), lines, 'every line once, in order, whole');
    assert.deepEqual(embeds.map((e) => e.title), embeds.map((_, i) => `Digest (${i + 1}/${embeds.length})`));
    assert.equal(embeds.filter((e) => e.footer).length, 1);
    assert.equal(embeds[embeds.length - 1]!.footer?.text, 'thresholds');
    assert.equal(messages[0]!.content, 'first only');
    assert.ok(messages.slice(1).every((m) => m.content === undefined));
  });

  test('a line longer than a description is clipped, never dropped; an empty notice is still a message', () => {
    const [m] = noticeMessages({ title: 'T', level: 'info', lines: ['y'.repeat(10_000)] });
    assert.ok(m!.embeds![0]!.description!.length <= 4096);
    assert.ok(m!.embeds![0]!.description!.endsWith('…'));
    assert.deepEqual(noticeMessages({ title: 'T', level: 'info', lines: [] }), [{ embeds: [{ title: 'T', color: 0x3498db }] }]);
  });

  test('eras as ranges', () => {
    assert.equal(eraList([1003, 998, 999, 1000], undefined, 'en'), '998-1000, 1003');
    assert.equal(eraList([1, 3, 5, 7], 2, 'en'), '1, 3, … (4 eras)');
    assert.equal(eraList([1, 3, 5, 7], 2, 'ko'), '1, 3, … (에라 4개)');
  });
});
