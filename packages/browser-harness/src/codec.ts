import { defaultParseOperations, parse, stringify } from 'devalue';

/**
 * The wire format of the harness, the same in every engine: one line of JSON for the header (the
 * message without its body), then the body in devalue, a maintained serializer that keeps typed
 * arrays with their view offset, bigints, -0, NaN, Infinity and undefined (which JSON and
 * WebDriver's script arguments lose). Typed arrays travel as base64 of their whole buffer.
 */
export interface Message {
  readonly t: string;
  readonly body?: unknown;
  readonly [header: string]: unknown;
}

export function encodeMessage(message: Message): string {
  const { body, ...header } = message;
  return `${JSON.stringify(header)}\n${stringify(body)}`;
}

/** A message whose header was read but whose body could not be decoded here. */
export class BodyDecodeError extends TypeError {
  constructor(
    readonly header: Readonly<Record<string, unknown>>,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes a message; a typed array this realm lacks (Float16Array in Node 20/22) is a BodyDecodeError. */
export function decodeMessage(text: string): Message {
  const split = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, split)) as Record<string, unknown> & { t: string };
  try {
    return { ...header, body: decodeValue(text.slice(split + 1)) };
  } catch (error) {
    throw new BodyDecodeError(header, (error as Error).message);
  }
}

function decodeValue(text: string): unknown {
  return parse(text, undefined, {
    operations: {
      fromViewInfo: (tag, buffer, byteOffset, length) => {
        if (typeof (globalThis as unknown as Record<string, unknown>)[tag] !== 'function') {
          throw new TypeError(`the harness received a ${tag}, which this JavaScript environment does not have; keep ${tag} values inside the guest or run the harness on a runtime that has it`);
        }
        return defaultParseOperations.fromViewInfo(tag, buffer, byteOffset, length);
      },
    },
  });
}
