#pragma once

#include "packagelist.h"

#include <QString>
#include <QStringList>
#include <QStringView>

namespace Kiln {

// What splitPastedPackages() made of a pasted text.
//
// Nothing is silently dropped: every piece of the text that is not a comment, a
// blank or pure syntax (line breaks, "\" continuations, "dependencies:", "- pip:",
// "&&") ends up in exactly one of packages, pipPackages, channels or ignored.
struct PastedPackages
{
    QStringList packages;    // one entry per package, trimmed, in order
    QStringList pipPackages; // an environment.yml "- pip:" sub-list pasted into the Conda list
    int ignoredComments = 0; // comment lines and trailing comments removed
    // The "channels:" items of an environment.yml (Conda). Channels are not packages:
    // they are returned here, not prefixed to the packages, so that the caller can
    // show them or set them where channels belong.
    QStringList channels;
    // Other text that is not a package, as written: environment.yml settings
    // ("name: ml", "prefix: /opt/env") and, for APT, the command words and options of
    // a pasted install command ("apt-get install -y --no-install-recommends") and the
    // other commands of that line ("rm -rf /var/lib/apt/lists/*").
    QStringList ignored;

    friend bool operator==(const PastedPackages &, const PastedPackages &) = default;
};

// Understands what an administrator pastes into the package list of `manager`.
//
// All managers: a line break ends an entry; blank lines are layout; '\r' before a
// line break is removed; entries are trimmed. A comment starts with '#' at the start
// of a line or after a blank (pip's COMMENT_RE, YAML and sh agree) and runs to the
// end of the line; it is removed and counted in ignoredComments. A '#' right after
// other text ("pkg @ https://host/p.whl#sha256=...") is not a comment.
//
// Pip (a requirements.txt): one requirement per line. A line ending with '\' (blanks
// after it allowed) is joined with the next one, the '\' removed, as pip does; unlike
// pip, a comment ends the continuation, so a line after "pkg # note \" is not
// swallowed by the comment. Blanks inside a line are kept ("requests >= 2.0" is one
// entry). Option lines ("-r other.txt", "--index-url URL", "-e .") and trailing
// options ("--hash=sha256:...") are kept in their entry so that validation marks them.
//
// Conda (an environment.yml, or just its dependency list, or `conda list --export`):
// - "- item" lines are YAML sequence items; the item's quotes ('...' or "...") are
//   removed; "[a, b]" flow sequences after a key are split at top-level commas;
// - the items of "dependencies:" are packages, and so are items and plain lines
//   outside any section (a pasted dependency list with or without the dashes);
// - the items under a "- pip:" item of the dependencies go to pipPackages;
// - the items of "channels:" go to channels (see there);
// - other keys ("name: ml", "prefix: ...", "variables:" and everything under them)
//   go to ignored as written;
// - a plain line ("numpy 1.21 py39_0", a match spec with blanks) is one entry.
//
// APT: an entry per blank-separated word ("curl git  vim\nhtop" gives four); a '\'
// at the end of a line continues it. When a line holds an apt command
// ("[RUN] [sudo] [VAR=value...] apt-get|apt|aptitude [options] install|update|...",
// commands separated by "&&", "||", ";" or "|"), only the arguments of its install
// commands are packages; their command words and options (with the value of -o, -t,
// -c, -a and their long forms) and the other commands of that line go to ignored.
// A line without an apt command is not split at ';' or '&&': "curl; rm -rf /" gives
// "curl;", "rm", "-rf" and "/", which validation then rejects.
PastedPackages splitPastedPackages(PackageManager manager, QStringView text);

} // namespace Kiln
