/** Why a DOCEO file was refused; callers can branch on `code` without parsing the message. */
export type DoceoParseErrorCode = 'malformed' | 'wrong_document' | 'truncated' | 'missing_field';

/** A DOCEO payload that is not the expected vote XML (HTML error page, other layout, cut-off download…). */
export class DoceoParseError extends Error {
  readonly code: DoceoParseErrorCode;
  readonly kind: 'RCV' | 'VOT';

  constructor(kind: 'RCV' | 'VOT', code: DoceoParseErrorCode, message: string) {
    super(`DOCEO ${kind}: ${message}`);
    this.name = 'DoceoParseError';
    this.kind = kind;
    this.code = code;
  }
}
