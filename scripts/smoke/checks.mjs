// The check recorder: prints one line per check, `ok - [db] ...` or
// `not ok - [db] ...`, and remembers whether any check failed.

export function createChecks(mode) {
  const results = [];
  const check = (name, ok, detail = '') => {
    results.push(ok);
    console.log(
      `${ok ? 'ok' : 'not ok'} - [${mode}] ${name}${
        detail ? `: ${detail}` : ''
      }`,
    );
  };
  return { check, failed: () => results.includes(false) };
}
