// Receives a big document as a string or as UTF-8 bytes and reads it as text, as a parser would.
const utf8 = new TextDecoder();
export function run(input) {
  return (typeof input === 'string' ? input : utf8.decode(input)).length;
}
export default run;
