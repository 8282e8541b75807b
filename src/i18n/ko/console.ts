// 한국어 메시지: console. 용어는 ./index.ts 맨 위의 용어집을 따릅니다.
// 명령어, 옵션 이름, 사용법의 `name=value` 같은 입력 형식은 그대로 입력하므로 영어로 둡니다.
import type { Translation } from '../catalogue.ts';
import type { consoleEn } from '../en/console.ts';

export const consoleKo: Translation<typeof consoleEn> = {
  'console.banner': 'mserver 콘솔: help를 입력하면 명령 목록이 나옵니다.',
  'console.error': '오류: {text}',
  'console.endOfInput': '입력이 끝났습니다: 아직 실행 중인 요청 {count}개가 끝나면 종료합니다.',
  'console.moreLines': '... 이하 {count}줄 생략 (저장된 결과는 history에서 볼 수 있습니다)',
  'console.unknownVerb': '알 수 없는 콘솔 명령입니다: {verb}. help를 입력하세요.',
  'console.takesNothing': '{verb} 뒤에는 아무것도 붙지 않습니다 (입력: {got}). help를 입력하세요.',
  'console.yes': '예',

  'console.usage.send': '사용법: send <client> <command> [name=value ... | JSON] [--yes]',
  'console.usage.broadcast': '사용법: broadcast <command> [name=value ... | JSON] [--yes]',
  'console.usage.keys': '사용법: keys [client] (입력: {got})',
  'console.usage.cancel': '사용법: cancel <요청 번호> ("waiting"에 나오는 번호, 예: cancel 12)',

  'console.send.request': '요청 #{id}: {command} ({risk}), 대상 {agents}: {list}',
  'console.send.params': '  파라미터: {json}',
  'console.send.askYes': '실행하려면 yes를 입력하세요 (다른 입력은 취소; {expiry}):',
  'console.send.sent': '요청 #{id}: {command}을(를) {agents}에 보냈습니다.',
  'console.send.quiet': '  (에이전트 {count}개: 성공하지 않은 에이전트만 표시합니다. 전체 결과는 history에 있습니다)',
  'console.send.inProgress': '진행 중',
  'console.send.label': '{command}, 대상 {target}',
  'console.request.cancelled': '요청 #{id}이(가) 취소되었습니다: 아무것도 보내지 않았습니다.',
  'console.request.waitsApproval': '요청 #{id}은(는) 승인을 기다리고 있습니다.',
  'console.request.abandoned': '요청 #{id}: 기다리기를 중단했습니다. {name}이(가) 취소한 것으로 기록했습니다. 에이전트가 나중에 끝낼 수도 있으며, 늦게 온 응답도 명령과 함께 저장됩니다 (history에서 볼 수 있습니다).',
  'console.done': '완료: {tally}.',
  'console.noAgent': '에이전트 없음',
  'console.scheduleRan': '스케줄 {name} 실행: 요청 #{id}, {command}, 대상 {agents}: {tally}.',

  'console.list.head': '에이전트: 알려진 {known}개, 연결된 {online}개.',
  'console.list.online': '온라인',
  'console.list.waiting': '대기',
  'console.list.offline': '오프라인',
  'console.list.row': '  {state}  {id}  호스트 {host}  마지막 접속 {ago}{containers}{unclaimed}',
  'console.list.unclaimed': '  미청구 에라: {count}개',

  'console.keys.noneFor': '{agent}에 저장된 세션 키가 없습니다.',
  'console.keys.none': '저장된 세션 키가 아직 없습니다.',
  'console.keys.unsolicited': '  (요청하지 않은 키: 이 키를 요청한 rotate_keys가 없습니다)',

  'console.waiting.none': '에이전트를 기다리는 명령이 없습니다.',
  'console.waiting.head': '대기 중인 요청: {count}개',

  'console.token.none': '에이전트는 토큰 없이 연결합니다 (MCLIENT_AUTH=none). 새 ID는 `agent accept`를 기다립니다.',
  'console.token.env': '전체 에이전트 등록 토큰은 MCLIENT_TOKEN에 있는 토큰입니다 (표시하지 않음).',
  'console.token.file': '전체 에이전트 등록 토큰은 파일 {file}에 있습니다 (모드 0600). 데이터베이스에는 해시만 저장됩니다.',
  'console.token.enrolOnly': '이 토큰은 등록에만 쓰입니다: 새 ID는 관리자의 수락을 기다립니다. 호스트마다 전용 토큰을 주려면 `agent add <id>`를 쓰세요 (이미 알려진 ID는 `agent rotate <id>`).',
  'console.apiTokens.unavailable': '이 콘솔에서는 API 토큰을 쓸 수 없습니다.',

  'console.follow.finished': '요청 #{id} ({label})이(가) {elapsed} 만에 끝났습니다:',
  'console.follow.background': '요청 #{id} ({label}): {who}을(를) 기다리는 중, 지금까지 {elapsed}. 프롬프트는 계속 쓸 수 있습니다: "cancel {id}"로 기다리기를 중단하고, "waiting"으로 실행 중인 요청을 봅니다.',
  'console.follow.reminder': '요청 #{id} ({label}): 아직 {who}을(를) 기다리는 중, 지금까지 {elapsed}.',
  'console.follow.line': '  #{id}  {label}  {who} 대기 중, 지금까지 {elapsed}',
  'console.follow.agents': '{agents} ({list})',

  'console.backup.isLive': '{path}은(는) 운영 중인 데이터베이스(또는 그 파일 중 하나)입니다. 다른 파일에 백업하세요. 예: {example}',
  'console.backup.isDirectory': '{path}은(는) 디렉터리입니다. 파일 이름을 지정하세요. 예: {example}',
  'console.backup.cannotWrite': '{dir}에 백업을 쓸 수 없습니다 ({why}). 존재하고 mserver 사용자가 쓸 수 있는 폴더를 고르세요',
  'console.backup.integrity': '복사본이 integrity_check를 통과하지 못했습니다 ({check}). 운영 중인 데이터베이스는 그대로입니다. "mserver doctor"를 실행한 뒤 다시 시도하세요',
  'console.backup.failed': '{path}(으)로 백업하지 못했습니다 ({why})',
  'console.backup.usage': '사용법: backup <file>   (예: backup /var/backups/mserver-today.db)',
  'console.backup.written': '백업을 저장했습니다: {path} ({kib} KiB, 스키마 {schema}, integrity_check 정상, {ms} ms, 모드 0600).',

  'console.help.verbs': `콘솔 명령:
  help                                   이 도움말
  list                                   알려진 모든 에이전트: 온라인 여부, 호스트, 마지막 접속
  send <client> <command> [params]       에이전트 하나(또는 쉼표로 구분한 목록)에서 명령 실행
  broadcast <command> [params]           연결된 모든 에이전트에서 명령 실행
  history [client] [user=] [command=]    최근 명령: 결과, 요청자, 걸린 시간
  audit [client] [user=] [command=] [kind=]  모든 요청, 결정, 거부, 전송 기록 (감사 기록)
  policy                                 누가 무엇을 실행할 수 있는지: 권한 등급, 확인, 승인, exec 허용 목록
  keys [client]                          저장된 세션 키, 최신순
  keys duplicates                        두 에이전트/컨테이너가 가진 같은 공개 세션 키
  keys handovers                         진행 중인 키 인계 (set_keys 대기 / 전송됨)
  keys submitted <client> <container> [stash]  session.setKeys를 보냈다고 기록
  keys override <client> <container> start|restart <reason>  중복 키 보호를 무시하고 실행
  token                                  전체 에이전트 등록 토큰의 위치 (파일)
  agent list                             에이전트 ID: 상태, 자격 증명, 마지막 주소, 마지막 접속
  agent add|rotate <id>                  에이전트 전용 토큰 발급 (한 번만 표시)
  agent revoke|forget <id>               토큰 거부 / 폐기한 호스트 삭제
  agent accept|reject <id>               등록 후 대기 중인 에이전트 수락/거부
  waiting                                에이전트를 기다리는 명령과 지금까지 걸린 시간
  cancel <request>                       대기 중인 명령 포기 (본인이 취소한 것으로 기록),
                                         또는 실행 전의 요청 철회
  api-token add <name> <level> [--approver] [--owner <discord user id>] [--expires 90d]
                                         HTTP API 토큰 (한 번만 표시); api-token list | revoke <name>
  schedule add <name> "<cron>" <client> <command> [params] [tz=Europe/Berlin] [channel=<id>]
                                         cron 식에 따라 명령 실행 (필드 5개, 초 포함 시 6개)
  schedule update <add와 같음>           스케줄 변경 (정책을 다시 확인)
  schedule list | show <name>            스케줄 목록; 다음 실행(스케줄의 시간대), 최근 실행 결과
  schedule pause|resume|remove|run <name>  run: 지금 한 번 실행
  backup <file>                          데이터베이스 온라인 복사본 (검사 후 0600으로 저장)
  web-login                              대시보드 일회용 로그인 링크 (admin, 10분간 유효)
  quit                                   mserver 종료

파라미터는 name=value 쌍(공백이 있는 값은 따옴표로 묶기) 또는 JSON 객체 하나입니다.
change, critical 명령은 yes를 입력해야 실행됩니다. 스크립트에서는 --yes를 붙이면 묻지 않습니다.
에이전트의 응답이 늦는 명령은 백그라운드에서 계속되며, 프롬프트는 그대로 쓸 수 있습니다.
Ctrl-C는 입력 줄을 지웁니다. 빈 줄에서 Ctrl-C, Ctrl-D 또는 quit을 입력하면 mserver를 정상 종료합니다.

에이전트 명령 (위험도: read는 바로 실행, change와 critical은 확인을 요청):`,
  'console.help.default': ', 기본값 {value}',

  'console.trail.notFilter': '여기서 {name}=는 필터가 아닙니다 (필터: {filters})',
  'console.trail.oneAgent': '에이전트는 하나만 지정할 수 있습니다 (입력: {got})',
  'console.trail.notCommand': 'command={command}은(는) 명령이 아닙니다',
  'console.trail.limit': 'limit=에는 1에서 1000 사이의 정수를 넣으세요',
  'console.trail.noHistory': '조건에 맞는 명령이 없습니다. {reach}',
  'console.trail.running': '실행 중',
  'console.trail.system': '시스템',
  'console.trail.by': '{name} ({via})',
  'console.trail.historyRow': '  {time}  #{request} {id}  {agent}  {command}  {state} ({took})  요청자 {by}  {detail}',
  'console.trail.noAudit': '조건에 맞는 감사 기록이 없습니다.',
  'console.trail.auditRow': '  {time}  {kind} #{request}  {command}  요청자 {who}, 경로 {via}{agent}{detail}',
  'console.trail.auditAgent': '  에이전트 {agent}',
  'console.policy.head': '적용 중인 정책 (필요한 권한 등급; 확인; 승인):',
  'console.policy.approval': '승인자 {count}명의 승인',
  'console.policy.confirm': '확인',
  'console.policy.atOnce': '바로 실행',
  'console.policy.allowed': '; 허용: {list}',
  'console.policy.allowNothing': '없음 (POLICY_FILE에 패턴을 적으세요)',

  'console.agent.usage': '사용법: agent list | agent add|revoke|rotate|forget|accept|reject <id>',
  'console.agent.none': '에이전트 ID가 아직 없습니다: `agent add <id>`로 전용 토큰과 함께 만드세요.',
  'console.agent.head': '에이전트 ID: {count}개.',
  'console.agent.headPending': '에이전트 ID: {count}개, 수락 대기 {pending}개 (agent accept <id> / agent reject <id>).',
  'console.agent.neverSeen': '접속한 적 없음',
  'console.agent.lastSeen': '마지막 접속 {ago}',
  'console.agent.grace': '  이전 토큰 유효 기한 {time}',
  'console.agent.row': '  {state} {online}  {id}  {credential}  주소 {address}  {seen}{grace}',
  'console.agent.added': '에이전트 {id}을(를) 만들었습니다. 이 토큰을 mclient에 설정하세요 (한 번만 표시하며, 해시만 저장합니다):',
  'console.agent.tokenLine': '{id}의 토큰: {token}',
  'console.agent.rotated': '{id}의 새 토큰입니다 (한 번만 표시). {old}',
  'console.agent.oldUntil': '이전 토큰은 {time}까지, 또는 새 토큰이 쓰일 때까지 유효합니다.',
  'console.agent.oldGone': '이전 토큰은 더 이상 쓸 수 없습니다.',
  'console.agent.revoked': '{id}의 토큰을 폐기했습니다: 지금부터 이 토큰은 거부됩니다.',
  'console.agent.revokedClosed': '{id}의 토큰을 폐기했습니다: 지금부터 이 토큰은 거부되며, 연결도 끊었습니다 (4401).',
  'console.agent.forgotten': '{id}을(를) 삭제했습니다: 목록, `all`, 오프라인 알림에서 빠지며 이력은 남습니다.',
  'console.agent.acceptedNow': '{id}을(를) 수락했습니다: 연결되어 있으며 이제 명령을 받습니다.',
  'console.agent.acceptedLater': '{id}을(를) 수락했습니다: 연결되면 바로 적용됩니다.',
  'console.agent.rejected': '{id}을(를) 거부했습니다: 전체 등록 토큰으로 더 이상 등록할 수 없습니다.',

  'console.apiToken.usage': '사용법: api-token add <name> <viewer|operator|admin> [--approver] [--owner <discord user id>] [--expires 90d|never] | api-token list | api-token revoke <name>',
  'console.apiToken.needsValue': '{option}에는 값이 필요합니다. {usage}',
  'console.apiToken.unknownOption': '알 수 없는 옵션 {option}. {usage}',
  'console.apiToken.ownerDiscord': 'Discord 사용자 {id}',
  'console.apiToken.neverExpires': '만료 없음',
  'console.apiToken.expires': '{time} 만료',
  'console.apiToken.approver': ', 승인자',
  'console.apiToken.added': 'API 토큰 {name}: {level}{approver}, 소유자 {owner}, {until}.',
  'console.apiToken.tokenLine': '  토큰: {token}',
  'console.apiToken.shownOnce': '  지금 한 번만 표시합니다: 바로 보관하세요 (mserver는 해시만 저장합니다). "Authorization: Bearer <token>" 헤더로 보내세요.',
  'console.apiToken.capped': '  호출할 때마다 그 시점에 이 Discord 멤버가 할 수 있는 범위(현재 역할)로 제한됩니다.',
  'console.apiToken.none': 'API 토큰이 아직 없습니다: api-token add <name> <level>로 만드세요.',
  'console.apiToken.revokedAt': '{time} 폐기됨',
  'console.apiToken.expired': '만료됨',
  'console.apiToken.active': '사용 중',
  'console.apiToken.noExpiry': '만료 없음',
  'console.apiToken.until': '{time}까지',
  'console.apiToken.neverUsed': '사용한 적 없음',
  'console.apiToken.lastUsed': '마지막 사용 {time}',
  'console.apiToken.approverMark': '승인자 ',
  'console.apiToken.row': '  {name} {level} {approver}소유자 {owner} [{ownerId}]  {state}, {until}, {used}',
  'console.apiToken.revoked': 'API 토큰 {name}을(를) 폐기했습니다: 지금부터 이 토큰으로 호출하면 거부됩니다.',

  'console.keyGuard.off': '이 mserver에서는 키 보호 기능이 실행되고 있지 않습니다.',
  'console.keyGuard.noDuplicates': '중복된 세션 키가 없습니다: 두 에이전트나 컨테이너가 같은 공개 키를 가지고 있지 않습니다.',
  'console.keyGuard.duplicates': '중복된 세션 키 ({count}개): 이 컨테이너들의 start와 restart는 거부됩니다.',
  'console.keyGuard.noHandovers': '진행 중인 키 인계가 없습니다.',
  'console.keyGuard.submittedUsage': '사용법: keys submitted <agent> <container> [stash]',
  'console.keyGuard.submitted': '기록했습니다: {agent} / {container}에 대해 session.setKeys를 보냈습니다. 인계는 {doneAt}에 끝나며, 그때까지 이전 노드를 계속 실행하세요.',
  'console.keyGuard.twoSessions': '지금부터 세션 두 개 뒤',
  'console.keyGuard.overrideUsage': '사용법: keys override <agent> <container> start|restart <사유: 안전한 이유>',
  'console.keyGuard.usage': '사용법: keys [agent] | keys duplicates | keys handovers | keys submitted <agent> <container> [stash] | keys override <agent> <container> start|restart <reason>',

  'console.schedule.usage': '사용법: {add}\n       schedule update <add와 같음>      (새 정의: 정책을 다시 확인합니다)\n       schedule list | show <name> | remove <name> | pause <name> | resume <name> | run <name>',
  'console.schedule.addUsage': '사용법: {add}',
  'console.schedule.addUsageQuote': '사용법: {add} (cron 식은 따옴표로 묶으세요: "0 3 * * *")',
  'console.schedule.nameUsage': '사용법: schedule {verb} <name>',
  'console.schedule.oneName': '사용법: schedule {verb} <name> (이름은 하나만; 입력: {got})',
  'console.schedule.listTakesNothing': 'schedule list 뒤에는 아무것도 붙지 않습니다 (입력: {got})',
  'console.schedule.askCritical': '스케줄 {name}은(는) 사람이 없어도 본인을 대신해 {command} ({risk})을(를) 실행합니다. 설정하려면 yes를 입력하세요 (다른 입력은 취소):',
  'console.schedule.cancelled': '취소했습니다: 아무것도 바꾸지 않았습니다.',
  'console.schedule.addedWaits': '스케줄 {name}을(를) 추가했지만, 승인(요청 #{id})을 받아야 동작합니다.',
  'console.schedule.changedWaits': '스케줄 {name}을(를) 변경했지만, 승인(요청 #{id})을 받아야 동작합니다.',
  'console.schedule.resumedWaits': '스케줄 {name}을(를) 재개했지만, 승인(요청 #{id})을 받아야 동작합니다.',
  'console.schedule.added': '스케줄 {name}을(를) 추가했습니다: {command}, 대상 {target}, "{cron}" ({timezone}); {state}; 결과는 {where}에 알립니다.',
  'console.schedule.changed': '스케줄 {name}을(를) 변경했습니다: {command}, 대상 {target}, "{cron}" ({timezone}); {state}; 결과는 {where}에 알립니다.',
  'console.schedule.resumed': '스케줄 {name}을(를) 재개했습니다: {command}, 대상 {target}, "{cron}" ({timezone}); {state}; 결과는 {where}에 알립니다.',
  'console.schedule.nextRuns': '  다음 실행: {times}',
  'console.schedule.toConsole': '이 콘솔과 이력 (Discord 꺼짐)',
  'console.schedule.toConsoleLater': '이 콘솔과 이력 (Discord 꺼짐; Discord가 켜지면 채널 {channel} 사용)',
  'console.schedule.toChannel': '채널 {channel}',
  'console.schedule.toAlerts': '알림 채널',
  'console.schedule.waitsApproval': '스케줄 {name}: 요청 #{id}이(가) 승인을 기다리고 있습니다. 아무것도 보내지 않았습니다.',
  'console.schedule.waitsConfirmation': '스케줄 {name}: 요청 #{id}이(가) 확인을 기다리고 있습니다. 아무것도 보내지 않았습니다.',
  'console.schedule.sent': '스케줄 {name}: 요청 #{id}, {command}을(를) {agents}에 보냈습니다.',
  'console.schedule.sentAlso': '스케줄 {name}: 요청 #{id}, {command}을(를) {agents}에 보냈습니다. 결과는 스케줄의 채널에도 알립니다.',
  'console.schedule.runLabel': '{command}, 대상 {agents}, 스케줄 {name}',
  'console.schedule.none': '스케줄이 아직 없습니다. schedule add로 만드세요.',
  'console.schedule.count': '스케줄: {count}개',
  'console.schedule.removed': '스케줄 {name}을(를) 삭제했습니다. 실행 권한도 취소했습니다.',
  'console.schedule.paused': '스케줄 {name}을(를) 일시 중지했습니다: 재개할 때까지 실행하지 않습니다.',
};
