// 한국어 메시지: common. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
import type { Translation } from '../catalogue.ts';
import type { commonEn } from '../en/common.ts';

export const commonKo: Translation<typeof commonEn> = {
  'common.verbatim': '{text}',
  'common.discordNotConnected': '아직 Discord에 연결되지 않았습니다',
  'common.discordOff': 'Discord가 꺼져 있거나 아직 연결되지 않았습니다',
  'common.agents': '에이전트 {count}개',
  'common.fault': '서버 내부 오류가 발생했습니다 (참조 번호 {ref}). 자세한 내용은 mserver 로그에 있습니다.',
};
