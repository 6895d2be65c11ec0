/**
 * Why an OTLP payload could not be decoded. The relay answers these with 400 and the
 * message; nothing of the payload is kept.
 */
export type OtlpDecodeReason =
	| 'truncated'
	| 'varint-too-long'
	| 'bad-wire-type'
	| 'length-past-end'
	| 'invalid-id-length'
	| 'too-deep'
	| 'bad-json'
	| 'bad-field';

export class OtlpDecodeError extends Error {
	readonly reason: OtlpDecodeReason;
	constructor(reason: OtlpDecodeReason, message: string) {
		super(message);
		this.name = 'OtlpDecodeError';
		this.reason = reason;
	}
}

/** AnyValue arrays and key-value lists may nest; deeper payloads are refused (stack bound). */
export const maxAnyValueDepth = 32;
