// 한국어 메시지: notices. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { noticesEn } from '../en/notices.ts';

export const noticesKo: Translation<typeof noticesEn> = {
};
