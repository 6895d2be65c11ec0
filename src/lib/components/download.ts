/** Offers `text` as a file download (the object URL is revoked after 10 s, when the browser holds the file). */
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
