// 한국어 메시지: discord. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { discordEn } from '../en/discord.ts';

export const discordKo: Translation<typeof discordEn> = {
};
