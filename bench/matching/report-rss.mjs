// Preloaded (node --import) when /usr/bin/time is missing: reports this process's peak RSS.
import process from 'node:process';

process.on('exit', () => {
  process.stderr.write(`\n__MAXRSS_KB__=${process.resourceUsage().maxRSS}\n`);
});
