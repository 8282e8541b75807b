// 한국어 메시지: console. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { consoleEn } from '../en/console.ts';

export const consoleKo: Translation<typeof consoleEn> = {
};
