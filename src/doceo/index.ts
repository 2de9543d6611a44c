// DOCEO plenary vote XML (facts sheet §9): pure parsers, file names and the RCV/VOT join.
export { DoceoParseError, type DoceoParseErrorCode } from './errors.ts';
export * from './rcv.ts';
export * from './vot.ts';
export * from './url.ts';
export * from './join.ts';
