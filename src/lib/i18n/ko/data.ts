import type { data as en } from '../en/data';

/** 데이터 경로 메시지: 연결 오류, 저장소 알림, 데이터 공백 표시. */
export const data: Record<keyof typeof en, string> = {
	'data.error.unauthorized': '릴레이가 조회 토큰을 거부했습니다. 설정에서 토큰을 확인하세요.',
	'data.error.tokenMissing': '릴레이에 조회 토큰이 필요합니다. 설정에서 토큰을 입력하세요.',
	'data.error.http': '릴레이가 상태 코드 {status}(으)로 응답했습니다. 다시 시도합니다.',
	'data.error.unreachable': '릴레이에 연결할 수 없습니다. 다시 시도합니다.',
	'data.error.closed': '릴레이가 스트림을 닫았습니다. 다시 연결합니다.',
	'data.error.keepalive': '{seconds}초 동안 릴레이에서 데이터가 없습니다. 다시 연결합니다.',
	'data.error.protocol': '릴레이가 예상하지 못한 데이터를 보냈습니다({detail}). 다시 연결합니다.',
	'data.error.storage': '브라우저 저장소에 쓰지 못했습니다. 다시 시도하며, 받은 데이터는 잃지 않습니다.',
	'data.notice.retention': '보존 기간이 지난 데이터를 삭제했습니다: 스팬 {spans}개.',
	'data.notice.quota': '브라우저 저장소가 가득 차서 가장 오래된 스팬 {spans}개를 삭제했습니다.',
	'data.notice.budget': '저장소 사용량이 한도를 넘어 가장 오래된 스팬 {spans}개를 삭제했습니다.',
	'data.notice.memory': '메모리 저장소가 가득 차서 가장 오래된 스팬 {spans}개를 삭제했습니다.',
	'data.gap.relay-evicted': '데이터 유실: 릴레이에 배치 {from}~{to}이(가) 더 이상 없습니다.',
	'data.gap.epoch-reset': '릴레이가 새 로그를 시작했습니다. 배치 {from} 이후 데이터가 없을 수 있습니다.',
	'data.gap.unreadable': '배치 {from}을(를) 읽을 수 없어 건너뛰었습니다.'
};
