// 한국어 메시지: web (대시보드 서버). 영어 원문은 ../en/web.ts.
import type { Translation } from '../catalogue.ts';
import type { webEn } from '../en/web.ts';

export const webKo: Translation<typeof webEn> = {
  'web.off': '대시보드가 꺼져 있습니다(HTTP_PORT=0). HTTP_PORT를 설정(기본값 8080)하고 mserver를 다시 시작하세요.',
  'web.link.usage': '사용법: web-login',
  'web.link.unavailable': '이 콘솔에서는 대시보드를 쓸 수 없습니다.',
  'web.link.printed': '10분 안에 브라우저에서 이 링크를 여세요. 한 번만 쓸 수 있으며 admin 세션(12시간)이 열립니다:',
  'web.discord.off': 'Discord 로그인이 설정되지 않았습니다. DISCORD_CLIENT_SECRET과 HTTP_PUBLIC_URL을 설정하거나, 콘솔에서 `web-login`을 쓰세요.',
  'web.discord.no_bot': 'Discord가 설정되지 않아 Discord 멤버의 역할을 확인할 수 없습니다. 콘솔에서 `web-login`으로 다시 로그인하세요.',
  'web.discord.unknown': '지금은 Discord에서 역할을 읽을 수 없습니다({reason}). 읽을 수 있을 때까지 아무것도 허용되지 않습니다. 잠시 후 다시 시도하세요.',
  'web.session.none': '대시보드에 로그인되어 있지 않습니다(또는 세션이 끝났습니다). 다시 로그인하세요.',
  'web.session.ended': '대시보드 세션이 끝났습니다(만료, 로그아웃 또는 알 수 없는 세션). 다시 로그인하세요.',
  'web.csrf.refused': '대시보드 세션으로 온 요청이지만 X-CSRF-Token 헤더가 없거나 틀려서, 다른 사이트에서 보낸 요청일 수 있습니다. 거부되었고 아무것도 실행되지 않았습니다. 대시보드를 새로 고치세요.',
  'web.role.missing': '{name}(으)로 로그인했지만 Discord 서버에서 mserver 역할이 없습니다. 검증인 목록을 보려면 {needed}이(가) 필요합니다. 관리자에게 요청하세요.',
  'web.role.one_of': 'Discord 역할 {roles} 중 하나',
  'web.role.id': '역할 {id}',
  'web.role.admin_permission': 'Discord 서버의 관리자(Administrator) 권한(ROLE_VIEWER_IDS, ROLE_OPERATOR_IDS, ROLE_ADMIN_IDS에 설정된 역할이 없음)',
  'web.level.refused': '{what}을(를) 사용할 수 없습니다. {needed} 권한 등급이 필요한데, 지금 Discord 역할로는 {held} 등급입니다.',
  'web.not_built.title': 'mserver',
  'web.not_built.missing': '대시보드가 빌드되지 않았습니다: {file} 파일이 없습니다.',
  'web.not_built.how': '{command}로 빌드(또는 빌드까지 하는 npm ci)한 뒤 mserver를 다시 시작하세요. HTTP API 설명은 /api/docs에 있습니다.',
};
