/**
 * `fn` remembering its answer for each text it was asked about: a corpus states the same names,
 * entities and subjects thousands of times, and each answer is then one Map lookup.
 */
export function remembered(fn: (text: string) => string): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let answer = known.get(text);
    if (answer === undefined) known.set(text, (answer = fn(text)));
    return answer;
  };
}
