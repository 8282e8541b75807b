// 한국어 메시지: commands. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { commandsEn } from '../en/commands.ts';

export const commandsKo: Translation<typeof commandsEn> = {
};
