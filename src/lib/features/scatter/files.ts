/** Largest OTLP/JSON file read (text in memory, parsed in the trace worker). */
export const maxImportBytes = 64 * 1024 * 1024;

/** Offers `text` as a file download. */
export function downloadText(fileName: string, text: string, type = 'application/x-ndjson'): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
