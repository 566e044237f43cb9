#pragma once

#include "result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringView>

namespace Kiln {

// A conda MatchSpec (conda/models/match_spec.py, _parse_spec_str):
//   (channel(/subdir)::)name(version(build))[key1=value1,key2=value2]
// including the space-separated "name version build" form, "name=version=build",
// "name==1.0", "name>=1.0,<2", "name 1.0|1.2", "name 1.*" and the legacy "feature@".
//
// What conda does silently is an error here, with the column:
//  - a key given both outside and inside the brackets (conda lets the bracket win,
//    and ignores name=... in brackets), a key given twice, an unknown key;
//  - "name=" / "name>=" with nothing after the operator (conda drops a bare "=");
//  - text conda would drop: '#' comments, "(...)" options after the name, a namespace
//    (channel:namespace:name), anything after the closing ']';
//  - uppercase package names (conda lowercases them; conda-build requires lowercase);
//  - regular expressions (^...$), package file paths or URLs as the whole spec;
//  - whitespace other than single-line spaces, non-ASCII, and shell syntax.
// Versions are checked with conda's VersionSpec grammar (condaversionspec.h: operators
// == != <= >= < > ~= =, ',' for and, '|' for or, parentheses inside [version="..."], '*'
// globs, and the VersionOrder rules for the literal versions); build strings are globs of
// letters, digits, '_', '.', '+' and '*'.
struct CondaMatchSpec
{
    QString channel;             // name, "*" or URL without the subdir; null when absent
    QString subdir;              // e.g. "linux-64"; null when absent
    QString ns;                  // namespace; always null from the parser (conda ignores namespaces)
    QString name;                // lowercase name or glob, "*" for any package
    QString version;             // as conda stores it: "=1.17" becomes "1.17*", "==1.7" becomes "1.7"
                                 // (without a build); whitespace removed; null when absent
    QString build;               // build string glob; null when absent
    QMap<QString, QString> keys; // other bracket keys: build_number, track_features, features,
                                 // url, md5, sha256, license, license_family, fn

    // The argument passed to conda install: canonical text in conda's own form
    // (e.g. "conda-forge::numpy=1.17", "numpy[version=\">=1.0,<2\"]",
    // "numpy==1.8=py27_0"), which parses back to the same value. Bracket values that
    // need quoting use double quotes, so the text never contains a single quote, a
    // backslash, '$', '`' or a line break: wrapping it in single quotes is always safe.
    QString toString() const;
    // {"valid":true,"channel":...,"subdir":...,"namespace":...,"name":...,
    //  "version":...,"build":...,"keys":{...}}; absent parts are null.
    QJsonObject toJson() const;

    friend bool operator==(const CondaMatchSpec &, const CondaMatchSpec &) = default;
};

// Parses one line. Error columns are 1-based within `line`.
Result<CondaMatchSpec> parseCondaMatchSpec(QStringView line);

} // namespace Kiln
