#pragma once

#include "domain/result.h"

#include <QString>
#include <QStringList>

namespace Kiln {

// What a Containerfile is made from: one spec revision plus the USER read from the
// base image's config.
struct RecipeInput
{
    QString baseImage;     // image reference as the user wrote it (parseImageReference grammar)
    QStringList apt;       // one apt-get install argument per entry (parseAptPackage)
    QStringList conda;     // one conda MatchSpec per entry (parseCondaMatchSpec)
    QStringList pip;       // one PEP 508 requirement per entry (parsePipRequirement)
    QString pullSecretRef; // id or name of the pull secret; empty: none. Only hashed.
    QString baseUser;      // "User" from the base image's config; empty: unset (root)

    friend bool operator==(const RecipeInput &, const RecipeInput &) = default;
};

struct Recipe
{
    QString containerfile;     // the complete text, ending with a newline
    QString baseImage;         // the normalised base reference used in FROM
    QStringList condaChannels; // "-c" channels, de-duplicated in first-seen order

    friend bool operator==(const Recipe &, const Recipe &) = default;
};

// Builds the deterministic Containerfile for `input`.
//
// Everything is validated first, and nothing is dropped or fixed: the first bad
// value is refused with a ValidationError whose field is "Base image", "APT packages",
// "Conda packages", "Pip packages" or "Base user", whose line is the 1-based index
// in the list (0 for the single-valued fields) and whose column is the validator's.
// An empty entry in a package list is refused as well.
//
// The layout (each step is omitted when its list is empty; every line of a RUN but
// its last ends with the continuation " \" + newline, left out here):
//   FROM <normalised base>
//   USER root
//   RUN set -eu;
//       export DEBIAN_FRONTEND=noninteractive;
//       apt-get update;
//       apt-get install -y --no-install-recommends
//           'pkg'
//           'pkg';
//       rm -rf /var/lib/apt/lists/*
//   RUN set -eu;
//       if command -v mamba >/dev/null 2>&1; then conda=mamba; else conda=conda; fi;
//       "$conda" install --yes         (mamba when the base has it, found where it runs)
//           -c 'channel'
//           'spec';
//       "$conda" clean --all --yes
//   RUN set -eu;
//       pip install --no-cache-dir
//           'req'
//   USER <baseUser>                    (omitted when empty, "root" or "0")
//
// Shell-form RUN with `set -eu` so that any failing command fails the build. Every
// package argument is the entry exactly as written, single-quoted for POSIX sh
// (a ' inside becomes '\''). Channels come from the "channel::" / "channel/subdir::"
// prefixes of the conda specs; the "*" channel (any channel) adds no -c option.
// The base user is kept as written ("1000:100" stays "1000:100"); it may contain only
// letters, digits, '.', '_', '-' and at most one ':' between a user and a group.
Result<Recipe> makeRecipe(const RecipeInput &input);

// The revision of a spec: the lowercase sha256 hex (64 characters) of a canonical,
// unambiguous encoding of the base image, the three package lists and the pull-secret
// reference, all as written (the base is not normalised; package order matters).
// baseUser is a fact about the base image, not part of the spec, and is not hashed. The encoding (UTF-8
// throughout) is
//   "kiln-revision-v1\n"
//   "base " <len>:<bytes> "\n"
//   "apt " <count> "\n" then <len>:<bytes> "\n" per entry   (same for "conda", "pip")
//   "pull-secret " <len>:<bytes> "\n"
// where <len> is the decimal UTF-8 byte length, so ["a b"] and ["a","b"] differ.
QString revisionHash(const RecipeInput &input);

// The image tag for a revision: its first 12 hex characters.
inline constexpr int kRevisionTagLength = 12;
QString revisionTag(const QString &revision);

// "<pushPrefix>/<specName>:<first 12 characters of revision>", checked with
// parseImageReference. pushPrefix is a registry host with an optional repository path
// ("registry.example.com/team", "localhost:5000"), without a trailing '/', a tag or a
// digest. Refused (field "Push registry prefix", "Spec name" or "Revision", column
// within that value) when the result is not a valid reference or when revision is not
// at least 12 lowercase hex characters. The text is returned as built, not normalised.
Result<QString> targetImage(const QString &pushPrefix, const QString &specName, const QString &revision);

} // namespace Kiln
