// Most cases are ported from conda's tests/models/test_match_spec.py
// (test_canonical_string_forms, test_parse_spec_str_*, test_parse_*, test_match_1,
// TestArg2Spec, TestSpecFromLine, test_matchspec_errors) and from the docstrings of
// conda/models/match_spec.py; where conda silently drops or overrides something,
// Kiln reports an error instead (see condamatchspec.h).
#include "domain/condamatchspec.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::CondaMatchSpec;
using Kiln::parseCondaMatchSpec;

namespace {

QString keysText(const QMap<QString, QString> &keys)
{
    QStringList parts;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(u';');
}

// Compares text and nullness: QString() == QString("") in Qt.
bool same(const QString &a, const QString &b)
{
    return a == b && a.isNull() == b.isNull();
}

const QString N; // null: the part is absent

} // namespace

class TestCondaMatchSpec : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void toJson();
    void toStringIsQuoteSafe();
    void randomInputNeverCrashes();
};

void TestCondaMatchSpec::valid_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("build");
    QTest::addColumn<QString>("keys");
    QTest::addColumn<QString>("canonical");

    const auto row = [](const QString &line, const QString &channel, const QString &subdir,
                        const QString &name, const QString &version, const QString &build,
                        const QString &keys, const QString &canonical) {
        QTest::addRow("%s", qPrintable(line))
            << line << channel << subdir << name << version << build << keys << canonical;
    };

    // test_canonical_string_forms
    row(u"numpy"_s, N, N, u"numpy"_s, N, N, {}, u"numpy"_s);
    row(u"numpy=1.7"_s, N, N, u"numpy"_s, u"1.7*"_s, N, {}, u"numpy=1.7"_s);
    row(u"numpy 1.7*"_s, N, N, u"numpy"_s, u"1.7*"_s, N, {}, u"numpy=1.7"_s);
    row(u"numpy 1.7.*"_s, N, N, u"numpy"_s, u"1.7.*"_s, N, {}, u"numpy=1.7.*"_s);
    row(u"numpy[version='1.7*']"_s, N, N, u"numpy"_s, u"1.7*"_s, N, {}, u"numpy=1.7"_s);
    row(u"numpy[version='1.7.*']"_s, N, N, u"numpy"_s, u"1.7.*"_s, N, {}, u"numpy=1.7.*"_s);
    row(u"numpy[version=1.7.*]"_s, N, N, u"numpy"_s, u"1.7.*"_s, N, {}, u"numpy=1.7.*"_s);
    row(u"numpy==1.7"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy[version='1.7']"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy[version=1.7]"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy 1.7"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy[version='1.7|1.8']"_s, N, N, u"numpy"_s, u"1.7|1.8"_s, N, {},
        u"numpy[version=\"1.7|1.8\"]"_s);
    row(u"numpy[version=\"1.7,1.8\"]"_s, N, N, u"numpy"_s, u"1.7,1.8"_s, N, {},
        u"numpy[version=\"1.7,1.8\"]"_s);
    row(u"numpy >1.7"_s, N, N, u"numpy"_s, u">1.7"_s, N, {}, u"numpy[version=\">1.7\"]"_s);
    row(u"numpy>=1.7"_s, N, N, u"numpy"_s, u">=1.7"_s, N, {}, u"numpy[version=\">=1.7\"]"_s);
    row(u"numpy=1.7=py3*_2"_s, N, N, u"numpy"_s, u"1.7"_s, u"py3*_2"_s, {}, u"numpy==1.7[build=py3*_2]"_s);
    row(u"numpy=1.7.*=py3*_2"_s, N, N, u"numpy"_s, u"1.7.*"_s, u"py3*_2"_s, {},
        u"numpy=1.7.*[build=py3*_2]"_s);
    row(u"https://repo.anaconda.com/pkgs/free::numpy"_s, u"https://repo.anaconda.com/pkgs/free"_s, N,
        u"numpy"_s, N, N, {}, u"https://repo.anaconda.com/pkgs/free::numpy"_s);
    row(u"numpy[channel=https://repo.anaconda.com/pkgs/free]"_s, u"https://repo.anaconda.com/pkgs/free"_s, N,
        u"numpy"_s, N, N, {}, u"https://repo.anaconda.com/pkgs/free::numpy"_s);
    row(u"defaults::numpy"_s, u"defaults"_s, N, u"numpy"_s, N, N, {}, u"defaults::numpy"_s);
    row(u"numpy[channel=defaults]"_s, u"defaults"_s, N, u"numpy"_s, N, N, {}, u"defaults::numpy"_s);
    row(u"conda-forge::numpy"_s, u"conda-forge"_s, N, u"numpy"_s, N, N, {}, u"conda-forge::numpy"_s);
    row(u"numpy[channel=conda-forge]"_s, u"conda-forge"_s, N, u"numpy"_s, N, N, {}, u"conda-forge::numpy"_s);
    row(u"numpy[channel=defaults,subdir=osx-64]"_s, u"defaults"_s, u"osx-64"_s, u"numpy"_s, N, N, {},
        u"defaults/osx-64::numpy"_s);
    row(u"https://repo.anaconda.com/pkgs/free/win-32::numpy"_s, u"https://repo.anaconda.com/pkgs/free"_s,
        u"win-32"_s, u"numpy"_s, N, N, {}, u"https://repo.anaconda.com/pkgs/free/win-32::numpy"_s);
    row(u"numpy[channel=https://repo.anaconda.com/pkgs/free/osx-64]"_s,
        u"https://repo.anaconda.com/pkgs/free"_s, u"osx-64"_s, u"numpy"_s, N, N, {},
        u"https://repo.anaconda.com/pkgs/free/osx-64::numpy"_s);
    row(u"defaults/win-32::numpy"_s, u"defaults"_s, u"win-32"_s, u"numpy"_s, N, N, {},
        u"defaults/win-32::numpy"_s);
    row(u"conda-forge/linux-64::numpy"_s, u"conda-forge"_s, u"linux-64"_s, u"numpy"_s, N, N, {},
        u"conda-forge/linux-64::numpy"_s);
    row(u"numpy[channel=conda-forge,subdir=noarch]"_s, u"conda-forge"_s, u"noarch"_s, u"numpy"_s, N, N, {},
        u"conda-forge/noarch::numpy"_s);
    row(u"numpy[subdir=win-32]"_s, N, u"win-32"_s, u"numpy"_s, N, N, {}, u"numpy[subdir=win-32]"_s);
    row(u"*/win-32::numpy"_s, u"*"_s, u"win-32"_s, u"numpy"_s, N, N, {}, u"*/win-32::numpy"_s);
    row(u"https://repo.anaconda.com/pkgs/free/linux-32::numpy"_s, u"https://repo.anaconda.com/pkgs/free"_s,
        u"linux-32"_s, u"numpy"_s, N, N, {}, u"https://repo.anaconda.com/pkgs/free/linux-32::numpy"_s);
    row(u"numpy=1.10=py38_0"_s, N, N, u"numpy"_s, u"1.10"_s, u"py38_0"_s, {}, u"numpy==1.10=py38_0"_s);
    row(u"numpy==1.10=py38_0"_s, N, N, u"numpy"_s, u"1.10"_s, u"py38_0"_s, {}, u"numpy==1.10=py38_0"_s);
    row(u"numpy[version=1.10 build=py38_0]"_s, N, N, u"numpy"_s, u"1.10"_s, u"py38_0"_s, {},
        u"numpy==1.10=py38_0"_s);
    row(u"numpy!=1.10"_s, N, N, u"numpy"_s, u"!=1.10"_s, N, {}, u"numpy!=1.10"_s);
    row(u"numpy !=1.10"_s, N, N, u"numpy"_s, u"!=1.10"_s, N, {}, u"numpy!=1.10"_s);
    row(u"numpy!=1.10 py38_0"_s, N, N, u"numpy"_s, u"!=1.10"_s, u"py38_0"_s, {},
        u"numpy[version=\"!=1.10\",build=py38_0]"_s);
    row(u"numpy !=1.10 py38_0"_s, N, N, u"numpy"_s, u"!=1.10"_s, u"py38_0"_s, {},
        u"numpy[version=\"!=1.10\",build=py38_0]"_s);
    row(u"numpy!=1.10=py38_0"_s, N, N, u"numpy"_s, u"!=1.10"_s, u"py38_0"_s, {},
        u"numpy[version=\"!=1.10\",build=py38_0]"_s);
    row(u"numpy >1.7,!=1.10 py38_0"_s, N, N, u"numpy"_s, u">1.7,!=1.10"_s, u"py38_0"_s, {},
        u"numpy[version=\">1.7,!=1.10\",build=py38_0]"_s);
    row(u"numpy!=1.10.*"_s, N, N, u"numpy"_s, u"!=1.10.*"_s, N, {}, u"numpy!=1.10.*"_s);
    row(u"numpy!=1.10,!=1.11"_s, N, N, u"numpy"_s, u"!=1.10,!=1.11"_s, N, {},
        u"numpy[version=\"!=1.10,!=1.11\"]"_s);
    row(u"numpy=1.10.*,!=1.10.2"_s, N, N, u"numpy"_s, u"=1.10.*,!=1.10.2"_s, N, {},
        u"numpy[version=\"=1.10.*,!=1.10.2\"]"_s);
    row(u"numpy ~=1.10.1"_s, N, N, u"numpy"_s, u"~=1.10.1"_s, N, {}, u"numpy~=1.10.1"_s);
    row(u"numpy~=1.10.1"_s, N, N, u"numpy"_s, u"~=1.10.1"_s, N, {}, u"numpy~=1.10.1"_s);
    row(u"numpy ~=1.10.1 py38_0"_s, N, N, u"numpy"_s, u"~=1.10.1"_s, u"py38_0"_s, {},
        u"numpy[version=\"~=1.10.1\",build=py38_0]"_s);
    row(u"openssl=1.1.1_"_s, N, N, u"openssl"_s, u"1.1.1_*"_s, N, {}, u"openssl=1.1.1_"_s);
    row(u"openssl>=1.1.1_,!=1.1.1c"_s, N, N, u"openssl"_s, u">=1.1.1_,!=1.1.1c"_s, N, {},
        u"openssl[version=\">=1.1.1_,!=1.1.1c\"]"_s);

    // test_parse_spec_str_no_brackets / with_brackets / star_name / equal_equal / hard
    row(u"defaults::numpy=1.8"_s, u"defaults"_s, N, u"numpy"_s, u"1.8*"_s, N, {}, u"defaults::numpy=1.8"_s);
    row(u"defaults::numpy =1.8"_s, u"defaults"_s, N, u"numpy"_s, u"1.8*"_s, N, {}, u"defaults::numpy=1.8"_s);
    row(u"defaults::numpy=1.8=py27_0"_s, u"defaults"_s, N, u"numpy"_s, u"1.8"_s, u"py27_0"_s, {},
        u"defaults::numpy==1.8=py27_0"_s);
    row(u"defaults::numpy 1.8 py27_0"_s, u"defaults"_s, N, u"numpy"_s, u"1.8"_s, u"py27_0"_s, {},
        u"defaults::numpy==1.8=py27_0"_s);
    row(u"numpy 1.8 py27_0[channel=anaconda]"_s, u"anaconda"_s, N, u"numpy"_s, u"1.8"_s, u"py27_0"_s, {},
        u"anaconda::numpy==1.8=py27_0"_s);
    row(u"numpy [channel='anaconda',version=\">=1.8,<2|1.9\", build='3']"_s, u"anaconda"_s, N, u"numpy"_s,
        u">=1.8,<2|1.9"_s, u"3"_s, {}, u"anaconda::numpy[version=\">=1.8,<2|1.9\",build=3]"_s);
    row(u"* 2.7.4"_s, N, N, u"*"_s, u"2.7.4"_s, N, {}, u"*==2.7.4"_s);
    row(u"* >=1.3 2"_s, N, N, u"*"_s, u">=1.3"_s, u"2"_s, {}, u"*[version=\">=1.3\",build=2]"_s);
    row(u"numpy ==1.7"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy =1.7"_s, N, N, u"numpy"_s, u"1.7*"_s, N, {}, u"numpy=1.7"_s);
    row(u"numpy~=1.7.1"_s, N, N, u"numpy"_s, u"~=1.7.1"_s, N, {}, u"numpy~=1.7.1"_s);
    row(u"numpy>1.8,<2|==1.7"_s, N, N, u"numpy"_s, u">1.8,<2|==1.7"_s, N, {},
        u"numpy[version=\">1.8,<2|==1.7\"]"_s);
    row(u"numpy >1.8,<2|==1.7,!=1.9,~=1.7.1 py34_0"_s, N, N, u"numpy"_s, u">1.8,<2|==1.7,!=1.9,~=1.7.1"_s,
        u"py34_0"_s, {}, u"numpy[version=\">1.8,<2|==1.7,!=1.9,~=1.7.1\",build=py34_0]"_s);
    row(u"*>1.8,<2|==1.7"_s, N, N, u"*"_s, u">1.8,<2|==1.7"_s, N, {}, u"*[version=\">1.8,<2|==1.7\"]"_s);
    row(u"* >1.8,<2|==1.7"_s, N, N, u"*"_s, u">1.8,<2|==1.7"_s, N, {}, u"*[version=\">1.8,<2|==1.7\"]"_s);
    row(u"* 1 *"_s, N, N, u"*"_s, u"1"_s, u"*"_s, {}, u"*==1[build=*]"_s);
    row(u"* * openblas_0"_s, N, N, u"*"_s, u"*"_s, u"openblas_0"_s, {}, u"*=*[build=openblas_0]"_s);
    row(u"* * *"_s, N, N, u"*"_s, u"*"_s, u"*"_s, {}, u"*=*[build=*]"_s);
    row(u"* *"_s, N, N, u"*"_s, u"*"_s, N, {}, u"*=*"_s);
    row(u"conda-forge::foo>=1.0"_s, u"conda-forge"_s, N, u"foo"_s, u">=1.0"_s, N, {},
        u"conda-forge::foo[version=\">=1.0\"]"_s);
    row(u"conda-forge/linux-32::foo>=1.0"_s, u"conda-forge"_s, u"linux-32"_s, u"foo"_s, u">=1.0"_s, N, {},
        u"conda-forge/linux-32::foo[version=\">=1.0\"]"_s);
    row(u"*/linux-32::foo>=1.0"_s, u"*"_s, u"linux-32"_s, u"foo"_s, u">=1.0"_s, N, {},
        u"*/linux-32::foo[version=\">=1.0\"]"_s);
    row(u"conda-forge::foo[build=3]"_s, u"conda-forge"_s, N, u"foo"_s, N, u"3"_s, {},
        u"conda-forge::foo[build=3]"_s);
    row(u"python[build_number=3]"_s, N, N, u"python"_s, N, N, u"build_number=3"_s,
        u"python[build_number=3]"_s);
    row(u"python[build_number='>3']"_s, N, N, u"python"_s, N, N, u"build_number=>3"_s,
        u"python[build_number=\">3\"]"_s);
    row(u"python[build_number='>=3']"_s, N, N, u"python"_s, N, N, u"build_number=>=3"_s,
        u"python[build_number=\">=3\"]"_s);
    row(u"python[build_number='<3']"_s, N, N, u"python"_s, N, N, u"build_number=<3"_s,
        u"python[build_number=\"<3\"]"_s);
    row(u"python[build_number='<=3']"_s, N, N, u"python"_s, N, N, u"build_number=<=3"_s,
        u"python[build_number=\"<=3\"]"_s);
    row(u"pkgs/main::*"_s, u"pkgs/main"_s, N, u"*"_s, N, N, {}, u"pkgs/main::*"_s);
    row(u"defaults::*"_s, u"defaults"_s, N, u"*"_s, N, N, {}, u"defaults::*"_s);
    row(u"mkl@"_s, N, N, u"*"_s, N, N, u"track_features=mkl"_s, u"*[track_features=mkl]"_s);

    // test_match_1, TestArg2Spec, TestSpecFromLine
    row(u"numpy >=1.5,<2"_s, N, N, u"numpy"_s, u">=1.5,<2"_s, N, {}, u"numpy[version=\">=1.5,<2\"]"_s);
    row(u"numpy >=1.8|1.7*"_s, N, N, u"numpy"_s, u">=1.8|1.7*"_s, N, {}, u"numpy[version=\">=1.8|1.7*\"]"_s);
    row(u"numpy==1.7.1.0.0"_s, N, N, u"numpy"_s, u"1.7.1.0.0"_s, N, {}, u"numpy==1.7.1.0.0"_s);
    row(u"numpy >=1,*.7.*"_s, N, N, u"numpy"_s, u">=1,*.7.*"_s, N, {}, u"numpy[version=\">=1,*.7.*\"]"_s);
    row(u"numpy *.7.*,>=1"_s, N, N, u"numpy"_s, u"*.7.*,>=1"_s, N, {}, u"numpy[version=\"*.7.*,>=1\"]"_s);
    row(u"numpy 1.6*|1.7*"_s, N, N, u"numpy"_s, u"1.6*|1.7*"_s, N, {}, u"numpy[version=\"1.6*|1.7*\"]"_s);
    row(u"numpy 1.7.1 py27_0"_s, N, N, u"numpy"_s, u"1.7.1"_s, u"py27_0"_s, {}, u"numpy==1.7.1=py27_0"_s);
    row(u"numpy >1.7.1a"_s, N, N, u"numpy"_s, u">1.7.1a"_s, N, {}, u"numpy[version=\">1.7.1a\"]"_s);
    row(u"numpy >=1.0.1*.vc11"_s, N, N, u"numpy"_s, u">=1.0.1*.vc11"_s, N, {},
        u"numpy[version=\">=1.0.1*.vc11\"]"_s);
    row(u"numpy >=1.0.1a py27*"_s, N, N, u"numpy"_s, u">=1.0.1a"_s, u"py27*"_s, {},
        u"numpy[version=\">=1.0.1a\",build=py27*]"_s);
    row(u"blas * openblas_0"_s, N, N, u"blas"_s, u"*"_s, u"openblas_0"_s, {}, u"blas=*[build=openblas_0]"_s);
    row(u"zlib 1.2.7 0"_s, N, N, u"zlib"_s, u"1.2.7"_s, u"0"_s, {}, u"zlib==1.2.7=0"_s);
    row(u"python=2.6*"_s, N, N, u"python"_s, u"2.6*"_s, N, {}, u"python=2.6"_s);
    row(u"foo=1.3.0=3"_s, N, N, u"foo"_s, u"1.3.0"_s, u"3"_s, {}, u"foo==1.3.0=3"_s);
    row(u"zope.int>=1.3,<3.0"_s, N, N, u"zope.int"_s, u">=1.3,<3.0"_s, N, {},
        u"zope.int[version=\">=1.3,<3.0\"]"_s);
    row(u"foo >= 1.0"_s, N, N, u"foo"_s, u">=1.0"_s, N, {}, u"foo[version=\">=1.0\"]"_s);
    row(u"foo != 1.0"_s, N, N, u"foo"_s, u"!=1.0"_s, N, {}, u"foo!=1.0"_s);
    row(u"foo >=1.0 , < 2.0"_s, N, N, u"foo"_s, u">=1.0,<2.0"_s, N, {}, u"foo[version=\">=1.0,<2.0\"]"_s);
    row(u">=1.0 , < 2.0 py34_0"_s.prepend(u"foo "_s), N, N, u"foo"_s, u">=1.0,<2.0"_s, u"py34_0"_s, {},
        u"foo[version=\">=1.0,<2.0\",build=py34_0]"_s);
    row(u"foo >=1.0 , < 2.0 =py34_0"_s, N, N, u"foo"_s, u">=1.0,<2.0"_s, u"py34_0"_s, {},
        u"foo[version=\">=1.0,<2.0\",build=py34_0]"_s);

    // The brief's examples and other real-world lines
    row(u"conda-forge::numpy==1.17*"_s, u"conda-forge"_s, N, u"numpy"_s, u"1.17*"_s, N, {},
        u"conda-forge::numpy=1.17"_s);
    row(u"numpy[version='>=1.0,<2']"_s, N, N, u"numpy"_s, u">=1.0,<2"_s, N, {},
        u"numpy[version=\">=1.0,<2\"]"_s);
    row(u"numpy 1.8* py27_0"_s, N, N, u"numpy"_s, u"1.8*"_s, u"py27_0"_s, {}, u"numpy=1.8[build=py27_0]"_s);
    row(u"pytorch::pytorch[build=*cuda*]"_s, u"pytorch"_s, N, u"pytorch"_s, N, u"*cuda*"_s, {},
        u"pytorch::pytorch[build=*cuda*]"_s);
    row(u"numpy=1.17"_s, N, N, u"numpy"_s, u"1.17*"_s, N, {}, u"numpy=1.17"_s);
    row(u"numpy>=1.0,<2"_s, N, N, u"numpy"_s, u">=1.0,<2"_s, N, {}, u"numpy[version=\">=1.0,<2\"]"_s);
    row(u"numpy 1.0|1.2"_s, N, N, u"numpy"_s, u"1.0|1.2"_s, N, {}, u"numpy[version=\"1.0|1.2\"]"_s);
    row(u"numpy 1.*"_s, N, N, u"numpy"_s, u"1.*"_s, N, {}, u"numpy=1.*"_s);
    row(u"numpy=*"_s, N, N, u"numpy"_s, u"*"_s, N, {}, u"numpy=*"_s);
    row(u"numpy *"_s, N, N, u"numpy"_s, u"*"_s, N, {}, u"numpy=*"_s);
    row(u"libblas=*=*mkl"_s, N, N, u"libblas"_s, u"*"_s, u"*mkl"_s, {}, u"libblas=*[build=*mkl]"_s);
    row(u"python 3.11.* *_cpython"_s, N, N, u"python"_s, u"3.11.*"_s, u"*_cpython"_s, {},
        u"python=3.11.*[build=*_cpython]"_s);
    row(u"python_abi 3.11.* *_cp311"_s, N, N, u"python_abi"_s, u"3.11.*"_s, u"*_cp311"_s, {},
        u"python_abi=3.11.*[build=*_cp311]"_s);
    row(u"nvidia/label/cuda-11.8.0::cuda-toolkit"_s, u"nvidia/label/cuda-11.8.0"_s, N, u"cuda-toolkit"_s, N,
        N, {}, u"nvidia/label/cuda-11.8.0::cuda-toolkit"_s);
    row(u"http://localhost:8080/chan::numpy"_s, u"http://localhost:8080/chan"_s, N, u"numpy"_s, N, N, {},
        u"http://localhost:8080/chan::numpy"_s);
    row(u"file:///opt/channel/noarch::tool"_s, u"file:///opt/channel"_s, u"noarch"_s, u"tool"_s, N, N, {},
        u"file:///opt/channel/noarch::tool"_s);
    row(u"_libgcc_mutex"_s, N, N, u"_libgcc_mutex"_s, N, N, {}, u"_libgcc_mutex"_s);
    row(u"7zip"_s, N, N, u"7zip"_s, N, N, {}, u"7zip"_s);
    row(u"r-base>=4.3"_s, N, N, u"r-base"_s, u">=4.3"_s, N, {}, u"r-base[version=\">=4.3\"]"_s);
    row(u"test* 1.2"_s, N, N, u"test*"_s, u"1.2"_s, N, {}, u"test*==1.2"_s);
    row(u"numpy "_s, N, N, u"numpy"_s, N, N, {}, u"numpy"_s);
    row(u"numpy 1.0RC1"_s, N, N, u"numpy"_s, u"1.0RC1"_s, N, {}, u"numpy==1.0RC1"_s);
    row(u"numpy 1.0-2"_s, N, N, u"numpy"_s, u"1.0-2"_s, N, {}, u"numpy==1.0-2"_s);
    row(u"numpy 1!2.0"_s, N, N, u"numpy"_s, u"1!2.0"_s, N, {}, u"numpy==1!2.0"_s);
    row(u"numpy 1.0+local.1"_s, N, N, u"numpy"_s, u"1.0+local.1"_s, N, {}, u"numpy==1.0+local.1"_s);
    row(u"numpy>=1.0.*"_s, N, N, u"numpy"_s, u">=1.0.*"_s, N, {}, u"numpy[version=\">=1.0.*\"]"_s);
    row(u"numpy<1.0.*"_s, N, N, u"numpy"_s, u"<1.0.*"_s, N, {}, u"numpy[version=\"<1.0.*\"]"_s);
    row(u"numpy 1.*.3"_s, N, N, u"numpy"_s, u"1.*.3"_s, N, {}, u"numpy==1.*.3"_s);
    row(u"numpy==*+"_s, N, N, u"numpy"_s, u"*+"_s, N, {}, u"numpy==*+"_s);
    row(u"numpy==1.0,<2 py27_0"_s, N, N, u"numpy"_s, u"==1.0,<2"_s, u"py27_0"_s, {},
        u"numpy==1.0,<2=py27_0"_s);
    row(u"numpy==1.0,<2"_s, N, N, u"numpy"_s, u"1.0,<2"_s, N, {}, u"numpy[version=\"1.0,<2\"]"_s);
    row(u"numpy[version=\"(1.6|1.7),1.8\"]"_s, N, N, u"numpy"_s, u"(1.6|1.7),1.8"_s, N, {},
        u"numpy[version=\"(1.6|1.7),1.8\"]"_s);
    row(u"numpy[version=\"((1.5|((1.6|1.7), 1.8), 1.9 |2.0))|2.1\"]"_s, N, N, u"numpy"_s,
        u"((1.5|((1.6|1.7),1.8),1.9|2.0))|2.1"_s, N, {},
        u"numpy[version=\"((1.5|((1.6|1.7),1.8),1.9|2.0))|2.1\"]"_s);
    row(u"numpy[version='1.6 | 1.7']"_s, N, N, u"numpy"_s, u"1.6|1.7"_s, N, {},
        u"numpy[version=\"1.6|1.7\"]"_s);
    row(u"numpy[version='=1.7']"_s, N, N, u"numpy"_s, u"1.7*"_s, N, {}, u"numpy=1.7"_s);
    row(u"numpy[version='==1.7']"_s, N, N, u"numpy"_s, u"1.7"_s, N, {}, u"numpy==1.7"_s);
    row(u"numpy [build_number=3]"_s, N, N, u"numpy"_s, N, N, u"build_number=3"_s, u"numpy[build_number=3]"_s);
    row(u"numpy[version='>=1.0',build_number=2]"_s, N, N, u"numpy"_s, u">=1.0"_s, N, u"build_number=2"_s,
        u"numpy[version=\">=1.0\",build_number=2]"_s);
    row(u"numpy[version='>=1.0', build_number=2]"_s, N, N, u"numpy"_s, u">=1.0"_s, N, u"build_number=2"_s,
        u"numpy[version=\">=1.0\",build_number=2]"_s);
    row(u"numpy[build_number=*]"_s, N, N, u"numpy"_s, N, N, u"build_number=*"_s, u"numpy[build_number=*]"_s);
    row(u"*[md5=0123456789abcdef0123456789abcdef]"_s, N, N, u"*"_s, N, N,
        u"md5=0123456789abcdef0123456789abcdef"_s, u"*[md5=0123456789abcdef0123456789abcdef]"_s);
    row(u"*[sha256=f453db4ffe2271ec492a2913af4e61d4a6c118201f07de757df0eff769b65d2e]"_s, N, N, u"*"_s, N, N,
        u"sha256=f453db4ffe2271ec492a2913af4e61d4a6c118201f07de757df0eff769b65d2e"_s,
        u"*[sha256=f453db4ffe2271ec492a2913af4e61d4a6c118201f07de757df0eff769b65d2e]"_s);
    row(u"*[license_family='LGPL']"_s, N, N, u"*"_s, N, N, u"license_family=LGPL"_s,
        u"*[license_family=LGPL]"_s);
    row(u"*[license='*gpl*']"_s, N, N, u"*"_s, N, N, u"license=*gpl*"_s, u"*[license=*gpl*]"_s);
    row(u"*[license=\"Apache 2.0\"]"_s, N, N, u"*"_s, N, N, u"license=Apache 2.0"_s,
        u"*[license=\"Apache 2.0\"]"_s);
    row(u"*[license='*v3+']"_s, N, N, u"*"_s, N, N, u"license=*v3+"_s, u"*[license=*v3+]"_s);
    row(u"numpy[features='mkl debug']"_s, N, N, u"numpy"_s, N, N, u"features=mkl debug"_s,
        u"numpy[features=\"mkl debug\"]"_s);
    row(u"numpy[track_features='mkl, debug']"_s, N, N, u"numpy"_s, N, N, u"track_features=mkl, debug"_s,
        u"numpy[track_features=\"mkl, debug\"]"_s);
    row(u"numpy[track_features=mkl,features=debug]"_s, N, N, u"numpy"_s, N, N,
        u"features=debug;track_features=mkl"_s, u"numpy[track_features=mkl,features=debug]"_s);
    row(u"numpy[fn=numpy-1.26.4-py312h8753938_0.conda]"_s, N, N, u"numpy"_s, N, N,
        u"fn=numpy-1.26.4-py312h8753938_0.conda"_s, u"numpy[fn=numpy-1.26.4-py312h8753938_0.conda]"_s);
    row(u"numpy[url=https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py312heda63a1_0.conda]"_s, N,
        N, u"numpy"_s, N, N,
        u"url=https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py312heda63a1_0.conda"_s,
        u"numpy[url=https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py312heda63a1_0.conda]"_s);
}

void TestCondaMatchSpec::valid()
{
    QFETCH(QString, line);
    QFETCH(QString, channel);
    QFETCH(QString, subdir);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, build);
    QFETCH(QString, keys);
    QFETCH(QString, canonical);

    const auto spec = parseCondaMatchSpec(line);
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().describe()));
    QVERIFY2(same(spec->channel, channel), qPrintable(spec->channel));
    QVERIFY2(same(spec->subdir, subdir), qPrintable(spec->subdir));
    QVERIFY(spec->ns.isNull());
    QCOMPARE(spec->name, name);
    QVERIFY2(same(spec->version, version), qPrintable(spec->version));
    QVERIFY2(same(spec->build, build), qPrintable(spec->build));
    QCOMPARE(keysText(spec->keys), keys);
    QCOMPARE(spec->toString(), canonical);

    // The canonical text parses back to the same value.
    const auto again = parseCondaMatchSpec(canonical);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().describe()));
    QCOMPARE(again.value(), spec.value());
}

void TestCondaMatchSpec::invalid_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const QString &line, int column, const QString &message) {
        QTest::addRow("%s", qPrintable(QString(line).replace(u'\n', u"\\n"_s).replace(u'\t', u"\\t"_s)))
            << line << column << message;
    };
    // Empty, shell syntax, characters conda would drop or misread
    row(QString(), 1, u"cannot be empty"_s);
    row(u"   "_s, 1, u"cannot be empty"_s);
    row(u";rm -rf /"_s, 1, u"shell syntax is not allowed"_s);
    row(u"numpy;rm"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy && rm"_s, 7, u"shell syntax is not allowed"_s);
    row(u"numpy$(x)"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy`x`"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy\\"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy{1,2}"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy?"_s, 6, u"shell syntax is not allowed"_s);
    row(u"numpy[license='a;b']"_s, 17, u"shell syntax is not allowed"_s);
    row(u"numpy # comment"_s, 7, u"comment"_s);
    row(u"numpy[version='1.0'] # comment"_s, 22, u"comment"_s);
    row(u"numpy\tscipy"_s, 6, u"tab"_s);
    row(u"numpy\nscipy"_s, 6, u"line break"_s);
    row(u"numpy\u0001"_s, 6, u"control characters"_s);
    row(u"n\u00fcmpy"_s, 2, u"plain ASCII"_s);
    row(u"^numpy$"_s, 1, u"regular expressions"_s);
    row(u"numpy@1.0"_s, 6, u"'@' is not allowed"_s);
    row(u"@"_s, 1, u"feature name is missing"_s);
    row(u"mkl@@"_s, 4, u"'@' is not allowed"_s);
    row(u"conda-forge::mkl@"_s, 12, u"not allowed in a feature name"_s);
    row(u"numpy-1.0-py27_0.tar.bz2"_s, 1, u"package files are not supported"_s);
    row(u"/some/file/on/disk/package-1.2.3-2.tar.bz2"_s, 1, u"package files are not supported"_s);
    row(u"https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py312heda63a1_0.conda"_s, 1,
        u"package files are not supported"_s);
    row(u"https://conda.anaconda.org/conda-forge"_s, 6, u"a URL is only allowed as a channel"_s);

    // Name
    row(u" numpy"_s, 1, u"cannot start with a space"_s);
    row(u">=1.0"_s, 1, u"package name is missing"_s);
    row(u"[version=1.0]"_s, 1, u"package name is missing before '['"_s);
    row(u"Numpy"_s, 1, u"uppercase letters are not allowed in conda package names"_s);
    row(u"numPy"_s, 4, u"uppercase letters are not allowed in conda package names"_s);
    row(u"FOO-Bar >=1.0"_s, 1, u"uppercase letters are not allowed in conda package names"_s);
    row(u"-numpy"_s, 1, u"must start with a letter, a digit, '_' or '*'"_s);
    row(u".numpy"_s, 1, u"must start with a letter, a digit, '_' or '*'"_s);
    row(u"numpy|scipy"_s, 6, u"'|' is not allowed in a conda package name"_s);
    row(u"numpy,scipy"_s, 6, u"',' is not allowed in a conda package name"_s);
    row(u"numpy(optional)"_s, 6, u"'(' is not allowed in a conda package name"_s);
    row(u"!xyz 1.3"_s, 1, u"package name is missing"_s);
    row(u"numpy 'x'"_s, 7, u"quotes are only allowed around values inside [...]"_s);

    // Channel, subdir, namespace
    row(u"conda-forge/numpy"_s, 12, u"to choose a channel write channel::name"_s);
    row(u"conda-forge:numpy"_s, 12, u"write '::' between the channel and the package name"_s);
    row(u"conda-forge:ns:numpy"_s, 13, u"namespaces"_s);
    row(u"::numpy"_s, 1, u"channel before '::' is empty"_s);
    row(u"conda-forge::"_s, 14, u"package name is missing"_s);
    row(u"conda-forge:: numpy"_s, 14, u"no space is allowed after '::'"_s);
    row(u"conda forge::numpy"_s, 6, u"a space is not allowed in a channel name"_s);
    row(u"conda-*::numpy"_s, 7, u"wildcards in channel names"_s);
    row(u"conda-forge//x::numpy"_s, 13, u"empty part"_s);
    row(u"/conda-forge::numpy"_s, 1, u"empty part"_s);
    row(u"*/linux64::numpy"_s, 3, u"known subdir"_s);
    row(u"gopher://host/chan::numpy"_s, 1, u"must start with http://"_s);
    row(u"https://::numpy"_s, 9, u"no host"_s);
    row(u"https://host/chan/::numpy"_s, 18, u"cannot end with '/'"_s);
    row(u"https://host/c,h::numpy"_s, 15, u"',' is not allowed in a URL"_s);
    row(u"file://relative::numpy"_s, 8, u"absolute path"_s);

    // Version and build
    row(u"numpy>="_s, 8, u"'>=' must be followed by a version"_s);
    row(u"numpy="_s, 7, u"'=' must be followed by a version"_s);
    row(u"numpy= "_s, 7, u"'=' must be followed by a version"_s);
    row(u"numpy=="_s, 8, u"'==' must be followed by a version"_s);
    row(u"numpy<"_s, 7, u"'<' must be followed by a version"_s);
    row(u"numpy>=1.0,"_s, 12, u"a version is missing after ','"_s);
    row(u"numpy 1.0||1.2"_s, 11, u"a version is missing after '|'"_s);
    row(u"numpy |1.0"_s, 7, u"a version is missing after the package name"_s);
    row(u"numpy >=1.0 <2"_s, 13, u"joined with ','"_s);
    row(u"numpy =>1.0"_s, 8, u"'>' cannot follow the operator '='"_s);
    row(u"numpy >>1"_s, 8, u"'>' cannot follow the operator '>'"_s);
    row(u"numpy===1"_s, 8, u"'=' cannot follow the operator '=='"_s);
    row(u"numpy !1.0"_s, 7, u"'!' must be followed by '='"_s);
    row(u"numpy ~1.0"_s, 7, u"'~' must be followed by '='"_s);
    row(u"numpy (1.6|1.7)"_s, 7, u"parentheses"_s);
    row(u"numpy 1.0)"_s, 10, u"')' without a matching '('"_s);
    row(u"numpy ~=1.0.*"_s, 12, u"'~=' cannot be combined with '.*'"_s);
    row(u"numpy 1.0 py27 extra"_s, 16, u"unexpected text after the build string"_s);
    row(u"numpy 1.0 py27_0 (optional)"_s, 18, u"unexpected text after the build string"_s);
    row(u"numpy 1.0 py-27"_s, 13, u"'-' is not allowed in a build string"_s);
    row(u"numpy 1.0= py27"_s, 11, u"no space is allowed after '='"_s);
    row(u"numpy=1.0="_s, 11, u"'=' must be followed by a build string"_s);
    row(u"numpy 1..0"_s, 9, u"empty version part"_s);
    row(u"numpy 1.0."_s, 10, u"empty version part"_s);
    row(u"numpy .1"_s, 7, u"empty version part"_s);
    row(u"numpy 1!!0"_s, 9, u"only one epoch separator"_s);
    row(u"numpy a!1.0"_s, 7, u"epoch before '!' must be a number"_s);
    row(u"numpy !=!1"_s, 9, u"'!' cannot follow the operator '!='"_s);
    row(u"numpy 1!"_s, 9, u"a version is missing after '!'"_s);
    row(u"numpy 1.0+a+b"_s, 12, u"only one local version separator"_s);
    row(u"numpy 1.0+"_s, 11, u"empty version part"_s);
    row(u"numpy +1.0"_s, 7, u"a version is missing before '+'"_s);
    row(u"numpy 1_0-1"_s, 10, u"both '-' and '_'"_s);
    row(u"numpy .*"_s, 7, u"a version is missing before '*'"_s);
    row(u"numpy **"_s, 7, u"a version is missing before '*'"_s);
    row(u"numpy 1.0=py27=x"_s, 15, u"'=' is not allowed in a build string"_s);
    row(u"build==0+*"_s, 6, u"conda reads this version as '0+*', which is not valid"_s);
    row(u"numpy==**"_s, 6, u"conda reads this version as '**'"_s);

    // Brackets
    row(u"numpy["_s, 7, u"missing ']'"_s);
    row(u"blas [optional"_s, 7, u"unknown key 'optional'"_s);
    row(u"numpy[version=1.0"_s, 18, u"missing ']'"_s);
    row(u"numpy]"_s, 6, u"']' without a matching '['"_s);
    row(u"blas [test=]"_s, 7, u"unknown key 'test'"_s);
    row(u"blas[invalid=\"1\"]"_s, 6, u"unknown key 'invalid'"_s);
    row(u"blas[build=]"_s, 12, u"value of 'build' is empty"_s);
    row(u"blas[build='']"_s, 13, u"value of 'build' is empty"_s);
    row(u"numpy[version='>=1.0]"_s, 22, u"missing closing quote"_s);
    row(u"numpy[version='>=1.0\"]"_s, 21, u"quotes cannot be mixed"_s);
    row(u"numpy[version=a'b]"_s, 16, u"not allowed inside a value"_s);
    row(u"numpy[version='1.0'extra]"_s, 20, u"quote values that contain spaces or commas"_s);
    row(u"numpy[foo=1]"_s, 7, u"unknown key 'foo'"_s);
    row(u"numpy[build_string=py27]"_s, 7, u"unknown key 'build_string'"_s);
    row(u"numpy[name=scipy]"_s, 7, u"name cannot be given inside the brackets"_s);
    row(u"*[name=numpy]"_s, 3, u"name cannot be given inside the brackets"_s);
    row(u"numpy[version=1.0,version=2.0]"_s, 19, u"'version' is given twice"_s);
    row(u"numpy[version<2]"_s, 14, u"expected '=' after 'version'"_s);
    row(u"numpy[version]"_s, 14, u"expected '=' after 'version'"_s);
    row(u"numpy[]"_s, 7, u"brackets are empty"_s);
    row(u"numpy[version=1.0,]"_s, 19, u"key=value is missing after ','"_s);
    row(u"numpy[,version=1.0]"_s, 7, u"a key such as version= or build= is expected"_s);
    row(u"numpy[version=>=1.0,<2]"_s, 21, u"a key such as version= or build= is expected"_s);
    row(u"numpy[version=1.0]x"_s, 19, u"nothing may follow the closing ']'"_s);
    row(u"numpy[version=1.0][build=2]"_s, 19, u"only one [...] section"_s);
    row(u"numpy[version='>= 1.0']"_s, 18, u"no space is allowed after the operator"_s);
    row(u"numpy[version=(1.6]"_s, 19, u"missing ')'"_s);
    row(u"numpy[version='1.6)']"_s, 19, u"')' is not allowed here"_s);
    row(u"numpy[version=]"_s, 15, u"value of 'version' is empty"_s);
    row(u"numpy[version='1.0 1.1']"_s, 20, u"'1' is not allowed here in the version"_s);
    row(u"numpy[build='py 27']"_s, 16, u"a space is not allowed in build"_s);
    row(u"numpy[build=py-27]"_s, 15, u"'-' is not allowed in build"_s);
    row(u"numpy[license=' MIT']"_s, 16, u"no space is allowed at the start or end of a value"_s);
    row(u"numpy[md5=abc]"_s, 11, u"md5 must be 32 lowercase hexadecimal digits, not 3"_s);
    row(u"numpy[md5=0123456789ABCDEF0123456789abcdef]"_s, 21,
        u"md5 must be 32 lowercase hexadecimal digits"_s);
    row(u"numpy[sha256=0123456789abcdef0123456789abcdef]"_s, 14,
        u"sha256 must be 64 lowercase hexadecimal"_s);
    row(u"numpy[subdir=linux64]"_s, 14, u"unknown subdir 'linux64'"_s);
    row(u"numpy[build_number=x]"_s, 20, u"build_number must be a number"_s);
    row(u"numpy[build_number='>=']"_s, 23, u"a number must follow the operator"_s);
    row(u"numpy[build_number='~=3']"_s, 21, u"build_number must be a number"_s);
    row(u"numpy[fn=numpy.zip]"_s, 19, u"ending in .conda or .tar.bz2"_s);
    row(u"numpy[url=numpy.conda]"_s, 11, u"url must be a URL"_s);
    row(u"numpy[url=https://host/chan/numpy.txt]"_s, 38, u"ending in .conda or .tar.bz2"_s);
    row(u"numpy[features=',mkl']"_s, 17, u"empty feature name"_s);
    row(u"numpy[features='mkl,,debug']"_s, 21, u"empty feature name"_s);
    row(u"numpy[features='mkl,']"_s, 21, u"empty feature name"_s);
    row(u"numpy[channel=conda-*]"_s, 21, u"wildcards in channel names"_s);

    // Conflicts that conda resolves silently
    row(u"defaults::numpy[channel=anaconda]"_s, 17,
        u"the channel is given both before and inside the brackets"_s);
    row(u"numpy=1.8[version=1.9]"_s, 11, u"the version is given both before and inside the brackets"_s);
    row(u"defaults::numpy=1.8=py27_0 [channel=anaconda,version=1.9, build=3]"_s, 29,
        u"the channel is given both"_s);
    row(u"numpy=1.8=py27_0[build=3]"_s, 18, u"the build string is given both"_s);
    row(u"conda-forge/linux-64::numpy[subdir=noarch]"_s, 29, u"the subdir is given both"_s);
    row(u"*/win-32::numpy[subdir=\"osx-64\"]"_s, 17, u"the subdir is given both"_s);
    row(u"numpy[channel=conda-forge/linux-64,subdir=noarch]"_s, 36,
        u"given both in channel= and in subdir="_s);
    row(u"numpy[subdir=noarch,channel=conda-forge/linux-64]"_s, 21,
        u"given both in channel= and in subdir="_s);
}

void TestCondaMatchSpec::invalid()
{
    QFETCH(QString, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const auto spec = parseCondaMatchSpec(line);
    QVERIFY2(!spec.ok(), qPrintable(u"accepted: "_s + (spec.ok() ? spec->toString() : QString())));
    QVERIFY2(spec.error().message.contains(message), qPrintable(spec.error().message));
    QCOMPARE(spec.error().column, column);
}

void TestCondaMatchSpec::toJson()
{
    const auto spec = parseCondaMatchSpec(u"conda-forge/linux-64::numpy>=1.0[build_number=3]"_s);
    QVERIFY(spec.ok());
    const QJsonObject expected{
        {u"valid"_s, true},
        {u"channel"_s, u"conda-forge"_s},
        {u"subdir"_s, u"linux-64"_s},
        {u"namespace"_s, QJsonValue(QJsonValue::Null)},
        {u"name"_s, u"numpy"_s},
        {u"version"_s, u">=1.0"_s},
        {u"build"_s, QJsonValue(QJsonValue::Null)},
        {u"keys"_s, QJsonObject{{u"build_number"_s, u"3"_s}}},
    };
    QCOMPARE(spec->toJson(), expected);

    const auto bare = parseCondaMatchSpec(u"numpy"_s);
    QVERIFY(bare.ok());
    const QJsonObject json = bare->toJson();
    for (const QString &key : {u"channel"_s, u"subdir"_s, u"namespace"_s, u"version"_s, u"build"_s})
        QVERIFY2(json.value(key).isNull(), qPrintable(key));
    QCOMPARE(json.value(u"keys"_s).toObject(), QJsonObject());
}

// A recipe wraps toString() in single quotes; nothing in it may end the quoting.
void TestCondaMatchSpec::toStringIsQuoteSafe()
{
    for (const QString &line : {u"numpy[version='>=1.0,<2',license='Apache 2.0']"_s, u"numpy>=1.0,<2 py*"_s,
                                u"pytorch::pytorch[build=*cuda*,track_features='a b']"_s}) {
        const auto spec = parseCondaMatchSpec(line);
        QVERIFY2(spec.ok(), qPrintable(line));
        const QString text = spec->toString();
        for (QChar c : u"'\\$`\n"_s)
            QVERIFY2(!text.contains(c), qPrintable(text));
    }
}

// Nothing may crash, errors point inside the line (or one past it), and whatever is
// accepted has a canonical text that parses back to the same value.
void TestCondaMatchSpec::randomInputNeverCrashes()
{
    // clang-format off
    const QStringList pieces = {
        u"numpy"_s, u"py"_s, u"*"_s, u"1"_s, u"."_s, u"0"_s, u"_"_s, u"-"_s, u" "_s, u"="_s, u"=="_s,
        u">="_s, u"<"_s, u"!="_s, u"~="_s, u","_s, u"|"_s, u"("_s, u")"_s, u"["_s, u"]"_s, u"'"_s,
        u"\""_s, u"::"_s, u":"_s, u"/"_s, u"linux-64"_s, u"conda-forge"_s, u"version="_s, u"build="_s,
        u"build_number="_s, u"channel="_s, u"subdir="_s, u"md5="_s, u"a"_s, u"!"_s, u"+"_s, u"@"_s,
        u"https://h/c"_s, u"numpy["_s, u"version='"_s, u"']"_s, u"\"]"_s, u"1.0"_s, u"noarch"_s,
        u"features="_s, u", "_s, u"py27_0"_s, u"license="_s, u"(1"_s, u"2)"_s,
    };
    // clang-format on
    QRandomGenerator rng(1717);
    int accepted = 0;
    for (int i = 0; i < 50000; ++i) {
        QString line;
        const int count = int(rng.bounded(9));
        for (int k = 0; k < count; ++k)
            line += pieces[int(rng.bounded(qsizetype(pieces.size())))];
        const auto spec = parseCondaMatchSpec(line);
        if (spec.ok()) {
            ++accepted;
            const QString text = spec->toString();
            const auto again = parseCondaMatchSpec(text);
            QVERIFY2(again.ok(), qPrintable(line + u" -> "_s + text + u": "_s +
                                            (again.ok() ? QString() : again.error().describe())));
            QVERIFY2(again.value() == spec.value(), qPrintable(line + u" -> "_s + text));
            QCOMPARE(again->toString(), text);
        } else {
            QVERIFY2(spec.error().column >= 1 && spec.error().column <= line.size() + 1, qPrintable(line));
            QVERIFY(!spec.error().message.isEmpty());
        }
    }
    QVERIFY(accepted > 100);
}

QTEST_GUILESS_MAIN(TestCondaMatchSpec)
#include "tst_condamatchspec.moc"
