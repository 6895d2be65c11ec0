/**
 * Business attributes as one line for a list: `biz.` dropped from the keys, amounts in KRW
 * per locale, keys in a fixed order (domain, transaction, channel, then the rest by name).
 */
const leading = ['biz.domain', 'biz.transaction', 'biz.channel'];

export function bizText(
	biz: Record<string, string | number | boolean>,
	format: { krw: (amountKrw: number, compact?: boolean) => string; number: (value: number) => string }
): string {
	const keys = Object.keys(biz).sort((a, b) => {
		const ia = leading.indexOf(a);
		const ib = leading.indexOf(b);
		if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
		return a < b ? -1 : a > b ? 1 : 0;
	});
	return keys
		.map((key) => {
			const value = biz[key];
			const name = key.startsWith('biz.') ? key.slice(4) : key;
			if (typeof value === 'number') return `${name} ${key.endsWith('_krw') ? format.krw(value) : format.number(value)}`;
			return key === 'biz.domain' || key === 'biz.transaction' ? String(value) : `${name} ${value}`;
		})
		.join(' · ');
}
