// 한국어 메시지: http. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
// problem JSON의 title과 detail만 번역합니다. type, code, 헤더 이름은 스크립트가 읽으므로 영어 그대로 둡니다.
import type { Translation } from '../catalogue.ts';
import type { httpEn } from '../en/http.ts';

export const httpKo: Translation<typeof httpEn> = {
  'http.title.unknown_command': '알 수 없는 명령',
  'http.title.bad_params': '잘못된 파라미터',
  'http.title.unknown_agent': '알 수 없는 에이전트',
  'http.title.no_agents': '연결된 에이전트 없음',
  'http.title.bad_input': '잘못된 입력',
  'http.title.unauthorized': '인증 안 됨',
  'http.title.forbidden': '권한 없음',
  'http.title.not_found': '찾을 수 없음',
  'http.title.conflict': '충돌',
  'http.title.expired': '만료됨',
  'http.title.too_large': '요청 본문이 너무 큼',
  'http.title.unsupported_media_type': '지원하지 않는 미디어 타입',
  'http.title.idempotency_mismatch': '다른 본문에 다시 쓴 Idempotency-Key',
  'http.title.rate_limited': '요청이 너무 많음',
  'http.title.fault': '내부 오류',
  'http.title.unavailable': '사용할 수 없음',

  'http.noRoute': '그런 경로가 없습니다: {method} {path}. API 설명은 /api/openapi.json과 /api/docs에 있습니다.',
  'http.invalid': '요청이 올바르지 않습니다: {issues}',
  'http.invalidIssue': '{where}: {issue}',
  'http.rateLimited': '이 토큰으로 분당 {count}회를 넘게 요청했습니다. {wait}초 기다리세요 (Retry-After).',
  'http.tokenInUrl':
    'API 토큰은 Authorization 헤더("Authorization: Bearer <token>")로만 받으며 URL로는 받지 않습니다. URL이 로그에 남았을 수 있으니 이 토큰을 폐기하세요.',
  'http.tokenNeeded': 'API 토큰이 필요합니다. "Authorization: Bearer <token>"을 보내세요.',
  'http.forbidden': '{what}을(를) 사용할 수 없습니다. {level} 등급이 필요한데 이 토큰은 {held}입니다 (토큰의 등급은 지금 소유자의 역할을 넘지 못합니다).',
  'http.badCursor': 'cursor: 이 API가 준 커서가 아닙니다.',
  'http.badRange': 'since가 until보다 뒤입니다. 범위를 확인하세요.',
  'http.noAgent': '"{id}"(이)라는 에이전트는 한 번도 연결된 적이 없습니다.',
  'http.notACommand': 'command={command}은(는) 명령이 아닙니다',
  'http.noRequest': '요청 #{id}이(가) 없습니다.',
  'http.needsReason': '{command}은(는) 다른 사람의 승인이 필요합니다. 몇 단어 이상의 "reason"(사유)을 주세요 (승인자가 이를 보고 결정합니다).',

  'http.idempotency.badKey': 'Idempotency-Key는 출력 가능한 ASCII 문자 1~255자입니다 (UUID를 권장합니다).',
  'http.idempotency.otherBody': 'Idempotency-Key {key}는 최근 24시간 안에 다른 본문과 함께 쓰였습니다. 새 요청에는 새 키를 쓰세요.',
  'http.idempotency.firstStillRunning': 'Idempotency-Key {key}의 첫 요청에 아직 응답하는 중입니다. 잠시 후 다시 시도하세요.',
  'http.idempotency.inUse': 'Idempotency-Key {key}를 지금 다른 요청이 쓰고 있습니다. 잠시 후 다시 시도하세요.',

  'http.health.noAnswer': '{target}에서 {ms}ms 안에 응답 없음',
  'http.health.socketError': '{target}: {error}',
  'http.health.discordNotReady': '봇이 로그인해 준비된 상태가 아닙니다',
  'http.health.chainDegraded': '{problem}; 체인이 응답할 때까지 키 교체를 체인에서 검증하지 않습니다 (재시도 중)',
  'http.health.notReady': '준비 안 됨: {failing}.',
};
