import type { common as en } from '../en/common';

export const common: Record<keyof typeof en, string> = {
	'app.name': 'Meridian',
	'app.tagline': '브라우저에서 보는 애플리케이션 성능',
	'nav.main': '주 메뉴',
	'nav.live': '실시간',
	'nav.settings': '설정',
	'theme.toggle': '색상 테마 전환',
	'theme.dark': '어둡게',
	'theme.light': '밝게',
	'locale.label': '언어',
	'demo.banner': '데모 데이터: 시뮬레이션 은행이 브라우저에서 생성한 데이터이며 릴레이에 연결되어 있지 않습니다',
	'status.loading': '불러오는 중…',
	'status.connected': '연결됨',
	'status.disconnected': '연결 끊김, 재시도 중',
	'error.generic': '문제가 발생했습니다: {message}'
};
