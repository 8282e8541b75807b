// 한국어 메시지: http. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { httpEn } from '../en/http.ts';

export const httpKo: Translation<typeof httpEn> = {
};
