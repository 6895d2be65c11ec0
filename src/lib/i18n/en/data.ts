/** Messages of the data path: connection errors, storage notices and gap markers. */
export const data = {
	'data.error.unauthorized': 'The relay refused the view token. Check the token in Settings.',
	'data.error.tokenMissing': 'The relay requires a view token. Enter it in Settings.',
	'data.error.http': 'The relay answered with status {status}. Retrying.',
	'data.error.unreachable': 'The relay could not be reached. Retrying.',
	'data.error.closed': 'The relay closed the stream. Reconnecting.',
	'data.error.keepalive': 'No data from the relay for {seconds} s. Reconnecting.',
	'data.error.protocol': 'The relay sent something unexpected ({detail}). Reconnecting.',
	'data.error.storage': 'Writing to browser storage failed. Retrying; nothing received is lost.',
	'data.notice.retention': 'Data past its retention was removed: {spans} spans.',
	'data.notice.quota': 'Browser storage was full: the oldest {spans} spans were removed to make room.',
	'data.notice.budget': 'Storage passed its budget: the oldest {spans} spans were removed.',
	'data.notice.memory': 'The in-memory store was full: the oldest {spans} spans were removed.',
	'data.gap.relay-evicted': 'Data lost: the relay no longer held batches {from} to {to}.',
	'data.gap.epoch-reset': 'The relay started a new log; data after batch {from} may be missing.',
	'data.gap.unreadable': 'Batch {from} could not be read and was skipped.'
};
