// 한국어 메시지: core. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { coreEn } from '../en/core.ts';

export const coreKo: Translation<typeof coreEn> = {
};
