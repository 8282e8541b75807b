// 한국어 메시지: startup. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { startupEn } from '../en/startup.ts';

export const startupKo: Translation<typeof startupEn> = {
};
