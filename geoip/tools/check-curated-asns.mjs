#!/usr/bin/env node
// Checks geoip's curated ASN list against the public ASN data of the npm package
// @ip-location-db/asn (CC BY 4.0). Node.js 20, no dependencies; the package is not
// installed by this script: pass the path of its directory.
//
// Usage: node check-curated-asns.mjs <path/to/node_modules/@ip-location-db/asn> [curated-asns.tsv]
//
// For every line of the list it prints whether the ASN exists in the data (IPv4 and IPv6
// files) and whether the organisation string equals the one the data gives for that ASN
// (when the data gives several names for one ASN: the name on the most ranges).
// Exit status: 0 all lines match, 1 any mismatch or malformed line, 2 usage or I/O error.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CATEGORIES = new Set(['hosting', 'vpn', 'mobile']);
const DATA_FILES = ['asn-ipv4.csv', 'asn-ipv6.csv'];
const here = dirname(fileURLToPath(import.meta.url));
const defaultTsv = resolve(here, '../src/main/resources/io/logintelemetry/geoip/curated-asns.tsv');

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error('usage: node check-curated-asns.mjs <path/to/@ip-location-db/asn> [curated-asns.tsv]');
  process.exit(2);
}

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote). */
function parseCsvLine(line) {
  const fields = [];
  let i = 0;
  while (true) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') { value += '"'; i += 2; } else { i++; break; }
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
      if (line[i] === ',') i++; else break;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) { fields.push(line.slice(i)); break; }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
  return fields;
}

function readCurated(path) {
  const entries = [];
  const problems = [];
  const seen = new Map();
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    if (cols.length !== 4) {
      problems.push(`line ${lineNo}: expected 4 tab-separated columns, found ${cols.length}`);
      return;
    }
    const [asnText, category, organization, note] = cols;
    if (!/^[1-9][0-9]{0,9}$/.test(asnText) || Number(asnText) > 4294967295) {
      problems.push(`line ${lineNo}: bad ASN "${asnText}"`);
      return;
    }
    if (!CATEGORIES.has(category)) problems.push(`line ${lineNo}: AS${asnText}: unknown category "${category}"`);
    if (organization.trim() === '') problems.push(`line ${lineNo}: AS${asnText}: empty organization`);
    if (organization !== organization.trim()) problems.push(`line ${lineNo}: AS${asnText}: organization has surrounding spaces`);
    if (seen.has(asnText)) problems.push(`line ${lineNo}: AS${asnText} already listed on line ${seen.get(asnText)}`);
    seen.set(asnText, lineNo);
    entries.push({ lineNo, asn: asnText, category, organization, note });
  });
  return { entries, problems };
}

/** asn -> Map(org -> number of ranges), for the wanted ASNs only. */
async function readData(dir, wanted) {
  const orgs = new Map();
  for (const file of DATA_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) usage(`${path} not found: is this the @ip-location-db/asn package directory?`);
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const fields = parseCsvLine(line);
      if (fields.length < 4) continue;
      const asn = fields[2];
      if (!wanted.has(asn)) continue;
      const org = fields.slice(3).join(',');
      let byOrg = orgs.get(asn);
      if (!byOrg) orgs.set(asn, (byOrg = new Map()));
      byOrg.set(org, (byOrg.get(org) ?? 0) + 1);
    }
  }
  return orgs;
}

const [pkgDir, tsvArg] = process.argv.slice(2);
if (!pkgDir || pkgDir === '-h' || pkgDir === '--help') usage();
const tsvPath = resolve(tsvArg ?? defaultTsv);
if (!existsSync(tsvPath)) usage(`${tsvPath} not found`);

let version = 'unknown';
try {
  version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
} catch { /* reported as unknown */ }

const { entries, problems } = readCurated(tsvPath);
const data = await readData(pkgDir, new Set(entries.map((e) => e.asn)));

console.log(`list: ${tsvPath}`);
console.log(`data: ${resolve(pkgDir)} (@ip-location-db/asn ${version})`);
let failures = problems.length;
for (const p of problems) console.log(`FAIL ${p}`);

const counts = {};
for (const e of entries) {
  counts[e.category] = (counts[e.category] ?? 0) + 1;
  const byOrg = data.get(e.asn);
  const head = `AS${e.asn} ${e.category} "${e.organization}"`;
  if (!byOrg) {
    failures++;
    console.log(`FAIL ${head}: ASN not in the data`);
    continue;
  }
  const ranked = [...byOrg].sort((a, b) => b[1] - a[1]);
  const top = ranked[0][1];
  const best = ranked.filter(([, n]) => n === top).map(([org]) => org);
  const ranges = ranked.reduce((sum, [, n]) => sum + n, 0);
  if (best.includes(e.organization)) {
    const several = ranked.length > 1 ? `; data has ${ranked.length} names: ${ranked.map(([o, n]) => `"${o}" ${n}`).join(', ')}` : '';
    console.log(`OK   ${head}: ASN in data, organization matches (${ranges} ranges${several})`);
  } else {
    failures++;
    const seenAs = byOrg.has(e.organization) ? ' (a less frequent name)' : '';
    console.log(`FAIL ${head}: organization mismatch${seenAs}; data says ${ranked.map(([o, n]) => `"${o}" (${n} ranges)`).join(', ')}`);
  }
}

console.log(`${entries.length} entries (${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ')}), ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
