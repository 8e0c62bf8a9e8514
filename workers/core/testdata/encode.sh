#!/usr/bin/env bash
# Re-encodes the real JDK 17 outputs here the way Windows tools write them (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
bom_le=$'\xff\xfe'
bom_be=$'\xfe\xff'
{ printf '%s' "$bom_le"; iconv -f UTF-8 -t UTF-16LE jstack-17.txt; } >jstack-17.utf16le-bom.txt
{ printf '%s' "$bom_be"; iconv -f UTF-8 -t UTF-16BE jstack-17.txt; } >jstack-17.utf16be-bom.txt
iconv -f UTF-8 -t UTF-16LE jstack-17.txt >jstack-17.utf16le.txt
{ printf '\xef\xbb\xbf'; cat jstack-17.txt; } >jstack-17.utf8-bom.txt
# PowerShell 5 `jstat ... > file` writes UTF-16LE with a BOM and CRLF line ends
{ printf '%s' "$bom_le"; sed 's/$/\r/' jstat-17.txt | iconv -f UTF-8 -t UTF-16LE; } >jstat-17.utf16le-bom-crlf.txt
