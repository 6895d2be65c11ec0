export const common = {
	'app.name': 'Meridian',
	'app.tagline': 'Application performance, in your browser',
	'nav.main': 'Main navigation',
	'nav.live': 'Live',
	'nav.settings': 'Settings',
	'theme.toggle': 'Switch colour theme',
	'theme.dark': 'Dark',
	'theme.light': 'Light',
	'locale.label': 'Language',
	'demo.banner': 'Demo data: generated in your browser by the simulated bank, no relay connected',
	'status.loading': 'Loading…',
	'status.connected': 'Connected',
	'status.disconnected': 'Disconnected, retrying',
	'error.generic': 'Something went wrong: {message}'
};
