// 한국어 카탈로그. 영어 카탈로그(../en/index.ts)의 모든 키에 답해야 하며, 빠진 키는 typecheck에서 실패합니다.
//
// 용어집 (Glossary): 검증인 운영자가 실제로 쓰는 말을 따르고, 아래 용어를 모든 파일에서 똑같이 씁니다.
//   validator            검증인
//   validator node       검증인 노드
//   agent (mclient)      에이전트
//   host                 호스트
//   container            컨테이너
//   session keys         세션 키
//   key rotation         키 교체 (rotate_keys는 명령 이름 그대로)
//   set_keys             set_keys (체인 트랜잭션 이름 그대로)
//   payout               페이아웃 (보상 청구)
//   unclaimed payout     미청구 보상
//   era                  에라
//   session (chain)      세션
//   stash                스태시
//   slashing             슬래싱
//   equivocation         이중 서명 (equivocation)
//   request              요청
//   approval request     승인 요청
//   approve / deny       승인 / 거부
//   accept / reject      수락 / 거부 (새 에이전트의 등록: 승인 요청의 거부와 같은 말, 거절은 쓰지 않음)
//   confirm / cancel     확인 / 취소
//   approver             승인자
//   requester            요청자
//   level (viewer, operator, admin)   권한 등급 (viewer, operator, admin: 이름 그대로)
//   role                 역할
//   schedule             스케줄
//   audit                감사 기록
//   history              이력
//   enrolment            등록
//   token                토큰
//   expired / expires    만료됨 / 만료
//   reason               사유
//   refused              거부됨
//   fault / error        오류
// 명령과 옵션 이름(/send, target, command...)은 사람들이 입력하고 공유하므로 영어 그대로 둡니다.
import type { Translation } from '../catalogue.ts';
import type { en } from '../en/index.ts';
import { commandsKo } from './commands.ts';
import { commonKo } from './common.ts';
import { consoleKo } from './console.ts';
import { coreKo } from './core.ts';
import { discordKo } from './discord.ts';
import { httpKo } from './http.ts';
import { noticesKo } from './notices.ts';
import { startupKo } from './startup.ts';
import { webKo } from './web.ts';

export const ko: Translation<typeof en> = {
  ...commonKo,
  ...coreKo,
  ...httpKo,
  ...discordKo,
  ...commandsKo,
  ...noticesKo,
  ...consoleKo,
  ...startupKo,
  ...webKo,
};
