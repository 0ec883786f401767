export { PROTOCOL_GUEST, protocolSuite } from './protocol-suite.js';
