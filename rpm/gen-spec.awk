# SPDX-License-Identifier: GPL-2.0
# Writes the RPM spec: rpm/kvmexit.spec.in with its fields taken from the
# Debian packaging, so that the version (top entry of debian/changelog), the
# summary and description (debian/control) and the history are set once.
#
#   awk -f rpm/gen-spec.awk debian/control debian/changelog rpm/kvmexit.spec.in

# rpm expands macros in every part of a spec, text included.
function quote(s)
{
	gsub(/%/, "%%", s)
	return s
}

# Debian's [epoch:]upstream[-revision] as RPM's Version and Release.
function split_version(v, evr)
{
	sub(/^[0-9]+:/, "", v)
	evr["release"] = 1
	if (match(v, /-[^-]*$/)) {
		evr["release"] = substr(v, RSTART + 1)
		v = substr(v, 1, RSTART - 1)
	}
	evr["version"] = v
}

FILENAME == ARGV[1] && /^Description: / {
	summary = quote(substr($0, 14))
	in_desc = 1
	next
}
FILENAME == ARGV[1] && in_desc {
	if (!/^ /) {
		in_desc = 0
		next
	}
	line = ($0 == " .") ? "" : quote(substr($0, 2))
	description = description (description == "" ? "" : "\n") line
	next
}
FILENAME == ARGV[1] { next }

# debian/changelog: "pkg (version) dist; urgency", the "  * " items, and
# " -- Name <mail>  Sun, 22 Nov 2026 00:00:00 +0000" last.
FILENAME == ARGV[2] && /^[^ ]/ {
	split_version(substr($2, 2, length($2) - 2), evr)
	if (version == "") {
		version = evr["version"]
		release = evr["release"]
	}
	items = ""
	next
}
FILENAME == ARGV[2] && /^  / {
	line = substr($0, 3)
	sub(/^\* /, "- ", line)
	items = items quote(line) "\n"
	next
}
FILENAME == ARGV[2] && /^ -- / {
	i = index($0, ">  ")
	split(substr($0, i + 3), d, " ")
	sub(/,$/, "", d[1])
	changelog = changelog (changelog == "" ? "" : "\n") \
		"* " d[1] " " d[3] " " d[2] " " d[4] " " substr($0, 5, i - 4) \
		" - " evr["version"] "-" evr["release"] "\n" items
	next
}
FILENAME == ARGV[2] { next }

$0 == "@DESCRIPTION@" { printf "%s\n", description; next }
$0 == "@CHANGELOG@" { printf "%s", changelog; next }
{
	gsub(/@VERSION@/, version)
	gsub(/@RELEASE@/, release)
	gsub(/@SUMMARY@/, summary)
	print
}
