// Commit subjects of at most 72 characters (git's own tools and every forge cut longer ones).
// Checked from the first commit made under this rule, so older history is left as it landed; in a
// shallow clone that lacks that commit, the commits the clone has are checked.
import { execFileSync } from 'node:child_process';

const RULE_SINCE = '8d126d4'; // the first commit made under the rule
const MAX = 72;

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
let range = 'HEAD';
try {
  git('cat-file', '-e', `${RULE_SINCE}^{commit}`);
  range = `${RULE_SINCE}^..HEAD`;
} catch {
  // A shallow clone without the rule's first commit: check what is here.
}
const long = git('log', '--format=%h %s', range)
  .split('\n')
  .filter((line) => line.length > 0)
  .filter((line) => line.slice(line.indexOf(' ') + 1).length > MAX);
if (long.length > 0) {
  console.error(`commit subjects longer than ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`commit subjects: all at most ${MAX} characters`);
