#include "bake/recipe.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Kiln::RecipeInput)

namespace {

RecipeInput input(const QString &base, const QStringList &apt = {}, const QStringList &conda = {},
                  const QStringList &pip = {}, const QString &user = {})
{
    RecipeInput in;
    in.baseImage = base;
    in.apt = apt;
    in.conda = conda;
    in.pip = pip;
    in.baseUser = user;
    return in;
}

const QString kDigest = u"sha256:"_s + QString(64, u'a');

// The RUN instructions of a Containerfile as the builder hands them to /bin/sh -c:
// the parser joins a line ending in '\\' with the next one, dropping both.
QStringList runCommands(const QString &containerfile)
{
    QStringList out;
    const QString joined = QString(containerfile).replace(u"\\\n"_s, QString());
    for (const QString &line : joined.split(u'\n')) {
        if (line.startsWith(u"RUN "_s))
            out.append(line.mid(4));
    }
    return out;
}

// A directory of stand-in commands that append "name arg|arg|..." to `log`, so that
// a RUN can be executed with PATH set to it alone (nothing real runs, not even rm).
bool writeStubs(const QString &dir, const QString &log, const QString &failing = {}, bool withMamba = false)
{
    QStringList names{u"apt-get"_s, u"conda"_s, u"pip"_s, u"rm"_s};
    if (withMamba)
        names.append(u"mamba"_s);
    for (const QString &name : std::as_const(names)) {
        QFile file(dir + u'/' + name);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        QString body = u"#!/bin/sh\nprintf '%s' '"_s + name + u"' >> '"_s + log +
                       u"'\nfor a in \"$@\"; do printf ' %s|' \"$a\" >> '"_s + log +
                       u"'; done\nprintf '\\n' >> '"_s + log + u"'\n"_s;
        if (name == failing)
            body += u"exit 3\n"_s;
        file.write(body.toUtf8());
        file.close();
        if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return false;
    }
    return true;
}

int runInShell(const QString &command, const QString &path)
{
    QProcess shell;
    QProcessEnvironment env;
    env.insert(u"PATH"_s, path);
    shell.setProcessEnvironment(env);
    shell.start(u"/bin/sh"_s, {u"-c"_s, command});
    if (!shell.waitForFinished(10000))
        return -1;
    return shell.exitStatus() == QProcess::NormalExit ? shell.exitCode() : -1;
}

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class tst_Recipe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void containerfile_data();
    void containerfile();
    void isDeterministic();
    void channels_data();
    void channels();
    void restoresUser_data();
    void restoresUser();
    void quoting_data();
    void quoting();
    void runsInShell();
    void failingStepStopsTheRun();
    void condaStepPrefersMamba_data();
    void condaStepPrefersMamba();
    void rejects_data();
    void rejects();
    void hashStable();
    void hashChanges_data();
    void hashChanges();
    void hashIgnoresImageFacts_data();
    void hashIgnoresImageFacts();
    void revisionTagIsPrefix();
    void target_data();
    void target();
};

void tst_Recipe::containerfile_data()
{
    QTest::addColumn<RecipeInput>("in");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no packages") << input(u"debian:bookworm"_s)
                                 << u"FROM docker.io/library/debian:bookworm\n"
                                    "USER root\n"_s;

    QTest::newRow("apt only, latest added") << input(u"debian"_s, {u"curl"_s, u"git"_s})
                                            << u"FROM docker.io/library/debian:latest\n"
                                               "USER root\n"
                                               "RUN set -eu; \\\n"
                                               "    export DEBIAN_FRONTEND=noninteractive; \\\n"
                                               "    apt-get update; \\\n"
                                               "    apt-get install -y --no-install-recommends \\\n"
                                               "        'curl' \\\n"
                                               "        'git'; \\\n"
                                               "    rm -rf /var/lib/apt/lists/*\n"_s;

    QTest::newRow("conda only")
        << input(u"quay.io/org/base:1"_s, {}, {u"numpy>=1.8,<2|1.7"_s})
        << u"FROM quay.io/org/base:1\n"
           "USER root\n"
           "RUN set -eu; \\\n"
           "    if command -v mamba >/dev/null 2>&1; then conda=mamba; else conda=conda; fi; \\\n"
           "    \"$conda\" install --yes \\\n"
           "        'numpy>=1.8,<2|1.7'; \\\n"
           "    \"$conda\" clean --all --yes\n"_s;

    QTest::newRow("several channels")
        << input(u"quay.io/org/base:1"_s, {},
                 {u"conda-forge::numpy"_s, u"bioconda::samtools=1.9"_s, u"conda-forge::scipy"_s})
        << u"FROM quay.io/org/base:1\n"
           "USER root\n"
           "RUN set -eu; \\\n"
           "    if command -v mamba >/dev/null 2>&1; then conda=mamba; else conda=conda; fi; \\\n"
           "    \"$conda\" install --yes \\\n"
           "        -c 'conda-forge' \\\n"
           "        -c 'bioconda' \\\n"
           "        'conda-forge::numpy' \\\n"
           "        'bioconda::samtools=1.9' \\\n"
           "        'conda-forge::scipy'; \\\n"
           "    \"$conda\" clean --all --yes\n"_s;

    QTest::newRow("pip only") << input(u"localhost:5000/py"_s, {}, {}, {u"requests[security]>=2.8.1"_s})
                              << u"FROM localhost:5000/py:latest\n"
                                 "USER root\n"
                                 "RUN set -eu; \\\n"
                                 "    pip install --no-cache-dir \\\n"
                                 "        'requests[security]>=2.8.1'\n"_s;

    QTest::newRow("all three, non-root base")
        << input(u"quay.io/jupyter/base-notebook:2024-01-01"_s, {u"libc6:amd64=2.36-9+deb12u4"_s},
                 {u"conda-forge::numpy>=1.8,<2|1.7"_s, u"scipy"_s},
                 {u"requests[security]>=2.8.1; python_version < \"3.8\""_s, u"flask"_s}, u"jovyan"_s)
        << u"FROM quay.io/jupyter/base-notebook:2024-01-01\n"
           "USER root\n"
           "RUN set -eu; \\\n"
           "    export DEBIAN_FRONTEND=noninteractive; \\\n"
           "    apt-get update; \\\n"
           "    apt-get install -y --no-install-recommends \\\n"
           "        'libc6:amd64=2.36-9+deb12u4'; \\\n"
           "    rm -rf /var/lib/apt/lists/*\n"
           "RUN set -eu; \\\n"
           "    if command -v mamba >/dev/null 2>&1; then conda=mamba; else conda=conda; fi; \\\n"
           "    \"$conda\" install --yes \\\n"
           "        -c 'conda-forge' \\\n"
           "        'conda-forge::numpy>=1.8,<2|1.7' \\\n"
           "        'scipy'; \\\n"
           "    \"$conda\" clean --all --yes\n"
           "RUN set -eu; \\\n"
           "    pip install --no-cache-dir \\\n"
           "        'requests[security]>=2.8.1; python_version < \"3.8\"' \\\n"
           "        'flask'\n"
           "USER jovyan\n"_s;

    QTest::newRow("apt and pip, conda omitted, uid:gid")
        << input(u"docker.io/library/ubuntu:22.04@"_s + kDigest, {u"g++"_s}, {},
                 {u"foo; python_version < '3.8'"_s}, u"1000:100"_s)
        << u"FROM docker.io/library/ubuntu:22.04@"_s + kDigest +
               u"\n"
               "USER root\n"
               "RUN set -eu; \\\n"
               "    export DEBIAN_FRONTEND=noninteractive; \\\n"
               "    apt-get update; \\\n"
               "    apt-get install -y --no-install-recommends \\\n"
               "        'g++'; \\\n"
               "    rm -rf /var/lib/apt/lists/*\n"
               "RUN set -eu; \\\n"
               "    pip install --no-cache-dir \\\n"
               "        'foo; python_version < '\\''3.8'\\'''\n"
               "USER 1000:100\n"_s;

    QTest::newRow("digest only, no latest")
        << input(u"registry.example.com:5000/team/base@"_s + kDigest)
        << u"FROM registry.example.com:5000/team/base@"_s + kDigest + u"\nUSER root\n"_s;
}

void tst_Recipe::containerfile()
{
    QFETCH(RecipeInput, in);
    QFETCH(QString, expected);
    const auto recipe = makeRecipe(in);
    QVERIFY2(recipe.ok(), qPrintable(recipe.ok() ? QString() : recipe.error().describe()));
    QCOMPARE(recipe->containerfile, expected);
    QCOMPARE(recipe->baseImage, expected.section(u'\n', 0, 0).mid(5));
}

void tst_Recipe::isDeterministic()
{
    const RecipeInput in =
        input(u"debian"_s, {u"curl"_s, u"git"_s}, {u"conda-forge::numpy"_s}, {u"flask"_s}, u"jovyan"_s);
    const auto a = makeRecipe(in);
    const auto b = makeRecipe(in);
    QVERIFY(a.ok());
    QVERIFY(b.ok());
    QCOMPARE(a.value(), b.value());

    // Package order is kept as written, never sorted.
    RecipeInput swapped = in;
    swapped.apt = QStringList{u"git"_s, u"curl"_s};
    const auto c = makeRecipe(swapped);
    QVERIFY(c.ok());
    QVERIFY(c->containerfile.indexOf(u"'git'"_s) < c->containerfile.indexOf(u"'curl'"_s));
    QVERIFY(a->containerfile.indexOf(u"'curl'"_s) < a->containerfile.indexOf(u"'git'"_s));
}

void tst_Recipe::channels_data()
{
    QTest::addColumn<QStringList>("conda");
    QTest::addColumn<QStringList>("channels");

    QTest::newRow("none") << QStringList{u"numpy"_s, u"scipy>=1"_s} << QStringList{};
    QTest::newRow("one") << QStringList{u"conda-forge::numpy"_s} << QStringList{u"conda-forge"_s};
    QTest::newRow("first-seen order, de-duplicated")
        << QStringList{u"bioconda::samtools"_s, u"conda-forge::numpy"_s, u"bioconda::bwa"_s,
                       u"conda-forge::scipy"_s}
        << QStringList{u"bioconda"_s, u"conda-forge"_s};
    QTest::newRow("subdir is not part of the channel")
        << QStringList{u"conda-forge/linux-64::numpy"_s, u"conda-forge::scipy"_s}
        << QStringList{u"conda-forge"_s};
    QTest::newRow("any channel adds nothing")
        << QStringList{u"*::numpy"_s, u"pytorch::pytorch"_s} << QStringList{u"pytorch"_s};
    QTest::newRow("channel from brackets")
        << QStringList{u"numpy [channel='anaconda',version=\">=1.8,<2|1.9\", build='3']"_s}
        << QStringList{u"anaconda"_s};
}

void tst_Recipe::channels()
{
    QFETCH(QStringList, conda);
    QFETCH(QStringList, channels);
    const auto recipe = makeRecipe(input(u"debian"_s, {}, conda));
    QVERIFY2(recipe.ok(), qPrintable(recipe.ok() ? QString() : recipe.error().describe()));
    QCOMPARE(recipe->condaChannels, channels);
    QCOMPARE(recipe->containerfile.count(u"        -c "_s), channels.size());
    qsizetype last = -1;
    for (const QString &channel : channels) {
        const qsizetype at = recipe->containerfile.indexOf(u"-c '"_s + channel + u"' \\\n"_s);
        QVERIFY2(at > last, qPrintable(channel));
        last = at;
    }
}

void tst_Recipe::restoresUser_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("lastLine"); // empty: no USER after the steps

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("root") << u"root"_s << QString();
    QTest::newRow("uid 0") << u"0"_s << QString();
    QTest::newRow("jovyan") << u"jovyan"_s << u"USER jovyan"_s;
    QTest::newRow("uid:gid") << u"1000:100"_s << u"USER 1000:100"_s;
    QTest::newRow("uid") << u"65534"_s << u"USER 65534"_s;
    QTest::newRow("user:group") << u"app:staff"_s << u"USER app:staff"_s;
    QTest::newRow("root with another group") << u"root:wheel"_s << u"USER root:wheel"_s;
    QTest::newRow("dotted name") << u"first.last-2_x"_s << u"USER first.last-2_x"_s;
}

void tst_Recipe::restoresUser()
{
    QFETCH(QString, user);
    QFETCH(QString, lastLine);
    const auto recipe = makeRecipe(input(u"debian"_s, {u"curl"_s}, {}, {}, user));
    QVERIFY2(recipe.ok(), qPrintable(recipe.ok() ? QString() : recipe.error().describe()));
    const QStringList lines = recipe->containerfile.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.at(1), u"USER root"_s);
    if (lastLine.isEmpty()) {
        QCOMPARE(lines.last(), u"    rm -rf /var/lib/apt/lists/*"_s);
        QCOMPARE(recipe->containerfile.count(u"USER "_s), 1);
    } else {
        QCOMPARE(lines.last(), lastLine);
        QCOMPARE(recipe->containerfile.count(u"USER "_s), 2);
    }
}

void tst_Recipe::quoting_data()
{
    QTest::addColumn<int>("manager"); // 0 apt, 1 conda, 2 pip
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("quoted");

    QTest::newRow("apt epoch and tilde")
        << 0 << u"libstdc++6:amd64=1:12.2.0-14~rc1"_s << u"'libstdc++6:amd64=1:12.2.0-14~rc1'"_s;
    QTest::newRow("apt release") << 0 << u"curl/bookworm-backports"_s << u"'curl/bookworm-backports'"_s;
    QTest::newRow("conda or, and, lt") << 1 << u"numpy>=1.8,<2|1.7"_s << u"'numpy>=1.8,<2|1.7'"_s;
    QTest::newRow("conda glob with space") << 1 << u"numpy 1.8*"_s << u"'numpy 1.8*'"_s;
    QTest::newRow("conda build glob") << 1 << u"blas=*=mkl"_s << u"'blas=*=mkl'"_s;
    QTest::newRow("conda single quotes in brackets")
        << 1 << u"numpy[version='>=1.0,<2']"_s << u"'numpy[version='\\''>=1.0,<2'\\'']'"_s;
    QTest::newRow("conda double quotes in brackets")
        << 1 << u"numpy [channel='anaconda',version=\">=1.8,<2|1.9\", build='3']"_s
        << u"'numpy [channel='\\''anaconda'\\'',version=\">=1.8,<2|1.9\", build='\\''3'\\'']'"_s;
    QTest::newRow("pip double-quoted marker")
        << 2 << u"requests[security]>=2.8.1,==2.8.*; python_version < \"2.7\""_s
        << u"'requests[security]>=2.8.1,==2.8.*; python_version < \"2.7\"'"_s;
    QTest::newRow("pip single-quoted marker")
        << 2 << u"foo; python_version < '3.8' and os_name == 'posix'"_s
        << u"'foo; python_version < '\\''3.8'\\'' and os_name == '\\''posix'\\'''"_s;
    QTest::newRow("pip compatible and not-equal")
        << 2 << u"pkg~=1.4.2,!=1.4.5"_s << u"'pkg~=1.4.2,!=1.4.5'"_s;
    QTest::newRow("pip url") << 2 << u"pkg @ https://example.com/pkg-1.0.tar.gz"_s
                             << u"'pkg @ https://example.com/pkg-1.0.tar.gz'"_s;
}

void tst_Recipe::quoting()
{
    QFETCH(int, manager);
    QFETCH(QString, line);
    QFETCH(QString, quoted);

    RecipeInput in = input(u"debian"_s);
    QStringList &list = manager == 0 ? in.apt : manager == 1 ? in.conda : in.pip;
    list = QStringList{line};
    const auto recipe = makeRecipe(in);
    QVERIFY2(recipe.ok(), qPrintable(recipe.ok() ? QString() : recipe.error().describe()));
    QVERIFY2(recipe->containerfile.contains(u"        "_s + quoted), qPrintable(recipe->containerfile));

    // A real POSIX shell reads the quoted text back as exactly one argument, unchanged.
    QProcess shell;
    shell.start(u"/bin/sh"_s, {u"-c"_s, u"set -- "_s + quoted +
                                            u"; printf '%s\\n' \"$#\"; "
                                            "printf '%s' \"$1\""_s});
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(shell.exitCode(), 0);
    const QString output = QString::fromUtf8(shell.readAllStandardOutput());
    QCOMPARE(output, u"1\n"_s + line);
}

void tst_Recipe::runsInShell()
{
    const RecipeInput in =
        input(u"debian"_s, {u"libstdc++6:amd64=1:12.2.0-14~rc1"_s, u"curl"_s},
              {u"conda-forge::numpy>=1.8,<2|1.7"_s, u"numpy [channel='anaconda',version=\">=1.8\"]"_s,
               u"blas=*=mkl"_s},
              {u"foo; python_version < '3.8' and os_name == \"posix\""_s, u"pkg~=1.4.2,!=1.4.5"_s});
    const auto recipe = makeRecipe(in);
    QVERIFY2(recipe.ok(), qPrintable(recipe.ok() ? QString() : recipe.error().describe()));
    const QStringList runs = runCommands(recipe->containerfile);
    QCOMPARE(runs.size(), 3);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString log = dir.filePath(u"log"_s);
    QVERIFY(writeStubs(dir.path(), log));
    for (const QString &run : runs)
        QCOMPARE(runInShell(run, dir.path()), 0);
    // The apt lists glob is expanded by the shell (against this host's files), so
    // that line is only checked for its start.
    QStringList lines = readAll(log).split(u'\n');
    QCOMPARE(lines.size(), 7);
    QVERIFY2(lines.at(2).startsWith(u"rm -rf| /var/lib/apt/lists/"_s), qPrintable(lines.at(2)));
    lines.removeAt(2);
    const QStringList expected = {
        u"apt-get update|"_s,
        u"apt-get install| -y| --no-install-recommends| libstdc++6:amd64=1:12.2.0-14~rc1| curl|"_s,
        u"conda install| --yes| -c| conda-forge| -c| anaconda| conda-forge::numpy>=1.8,<2|1.7|"
        " numpy [channel='anaconda',version=\">=1.8\"]| blas=*=mkl|"_s,
        u"conda clean| --all| --yes|"_s,
        u"pip install| --no-cache-dir| foo; python_version < '3.8' and os_name == \"posix\"|"
        " pkg~=1.4.2,!=1.4.5|"_s,
        QString(),
    };
    QCOMPARE(lines, expected);
}

void tst_Recipe::failingStepStopsTheRun()
{
    const auto recipe = makeRecipe(input(u"debian"_s, {u"curl"_s}));
    QVERIFY(recipe.ok());
    const QStringList runs = runCommands(recipe->containerfile);
    QCOMPARE(runs.size(), 1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString log = dir.filePath(u"log"_s);
    QVERIFY(writeStubs(dir.path(), log, u"apt-get"_s));
    // "apt-get update" fails: the RUN fails with its status and nothing after it runs.
    QCOMPARE(runInShell(runs.first(), dir.path()), 3);
    QCOMPARE(readAll(log), u"apt-get update|\n"_s);
}

void tst_Recipe::condaStepPrefersMamba_data()
{
    QTest::addColumn<bool>("withMamba");
    QTest::addColumn<QString>("expected");
    QTest::newRow("conda only") << false
                                << u"conda install| --yes| -c| conda-forge| conda-forge::numpy|\n"
                                   "conda clean| --all| --yes|\n"_s;
    QTest::newRow("mamba too") << true
                               << u"mamba install| --yes| -c| conda-forge| conda-forge::numpy|\n"
                                  "mamba clean| --all| --yes|\n"_s;
}

void tst_Recipe::condaStepPrefersMamba()
{
    QFETCH(bool, withMamba);
    QFETCH(QString, expected);
    const auto recipe = makeRecipe(input(u"debian"_s, {}, {u"conda-forge::numpy"_s}));
    QVERIFY(recipe.ok());
    const QStringList runs = runCommands(recipe->containerfile);
    QCOMPARE(runs.size(), 1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString log = dir.filePath(u"log"_s);
    QVERIFY(writeStubs(dir.path(), log, {}, withMamba));
    QCOMPARE(runInShell(runs.first(), dir.path()), 0);
    QCOMPARE(readAll(log), expected);
}

void tst_Recipe::rejects_data()
{
    QTest::addColumn<RecipeInput>("in");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    const QString base = u"debian"_s;
    // Each bad entry is the second of its list, after a valid one.
    const QStringList injections = {
        u"foo; rm -rf /"_s, u"$(id)"_s, u"`id`"_s, u"foo\nrm -rf /"_s, u"foo && id"_s, u"foo|sh"_s,
    };
    const QList<int> aptColumns = {4, 1, 1, 4, 4, 4};
    const QList<int> condaColumns = {4, 1, 1, 4, 5, 4};
    const QList<int> pipColumns = {6, 1, 1, 4, 5, 4};
    for (qsizetype i = 0; i < injections.size(); ++i) {
        const QString &bad = injections.at(i);
        const QByteArray tag = bad.toUtf8().replace('\n', "\\n");
        QTest::addRow("apt %s", tag.constData())
            << input(base, {u"curl"_s, bad}) << u"APT packages"_s << 2 << aptColumns.at(i);
        QTest::addRow("conda %s", tag.constData())
            << input(base, {}, {u"numpy"_s, bad}) << u"Conda packages"_s << 2 << condaColumns.at(i);
        QTest::addRow("pip %s", tag.constData())
            << input(base, {}, {}, {u"flask"_s, bad}) << u"Pip packages"_s << 2 << pipColumns.at(i);
    }
    QTest::newRow("apt first line") << input(base, {u"cu$rl"_s}) << u"APT packages"_s << 1 << 3;
    QTest::newRow("apt empty entry") << input(base, {u"curl"_s, QString()}) << u"APT packages"_s << 2 << 1;
    QTest::newRow("conda leading space") << input(base, {}, {u" numpy"_s}) << u"Conda packages"_s << 1 << 1;
    QTest::newRow("pip trailing spaces")
        << input(base, {}, {}, {u"flask"_s, u"requests  "_s}) << u"Pip packages"_s << 2 << 9;
    QTest::newRow("conda line 3") << input(base, {}, {u"a1"_s, u"b2"_s, u"NumPy"_s}) << u"Conda packages"_s
                                  << 3 << 1;
    QTest::newRow("apt checked before conda")
        << input(base, {u"$(id)"_s}, {u"$(id)"_s}, {u"$(id)"_s}) << u"APT packages"_s << 1 << 1;
    QTest::newRow("conda checked before pip")
        << input(base, {u"curl"_s}, {u"`id`"_s}, {u"$(id)"_s}) << u"Conda packages"_s << 1 << 1;
    QTest::newRow("packages checked before user")
        << input(base, {}, {}, {u"$(id)"_s}, u"$(id)"_s) << u"Pip packages"_s << 1 << 1;

    QTest::newRow("base empty") << input(QString(), {u"curl"_s}) << u"Base image"_s << 0 << 1;
    QTest::newRow("base injection") << input(u"debian; rm -rf /"_s) << u"Base image"_s << 0 << 7;
    QTest::newRow("base command substitution") << input(u"$(id)/x"_s) << u"Base image"_s << 0 << 1;
    QTest::newRow("base newline") << input(u"debian\nRUN id"_s) << u"Base image"_s << 0 << 7;
    QTest::newRow("base uppercase path") << input(u"quay.io/Org/x"_s) << u"Base image"_s << 0 << 9;
    QTest::newRow("base leading space") << input(u" debian"_s) << u"Base image"_s << 0 << 1;

    QTest::newRow("user with space") << input(base, {}, {}, {}, u"app user"_s) << u"Base user"_s << 0 << 4;
    QTest::newRow("user injection") << input(base, {}, {}, {}, u"$(id)"_s) << u"Base user"_s << 0 << 1;
    QTest::newRow("user newline") << input(base, {}, {}, {}, u"app\nRUN id"_s) << u"Base user"_s << 0 << 4;
    QTest::newRow("user two colons") << input(base, {}, {}, {}, u"1:2:3"_s) << u"Base user"_s << 0 << 4;
    QTest::newRow("user empty group") << input(base, {}, {}, {}, u"1000:"_s) << u"Base user"_s << 0 << 6;
    QTest::newRow("user empty name") << input(base, {}, {}, {}, u":100"_s) << u"Base user"_s << 0 << 1;
}

void tst_Recipe::rejects()
{
    QFETCH(RecipeInput, in);
    QFETCH(QString, field);
    QFETCH(int, line);
    QFETCH(int, column);
    const auto recipe = makeRecipe(in);
    QVERIFY2(!recipe.ok(), qPrintable(recipe.ok() ? recipe->containerfile : QString()));
    const ValidationError &error = recipe.error();
    QVERIFY2(!error.message.isEmpty(), qPrintable(error.describe()));
    QCOMPARE(error.field, field);
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
}

void tst_Recipe::hashStable()
{
    const RecipeInput in = input(u"debian"_s, {u"curl"_s}, {u"numpy"_s}, {u"flask"_s});
    const QString hash = revisionHash(in);
    QCOMPARE(hash.size(), 64);
    for (const QChar c : hash)
        QVERIFY((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'));
    QCOMPARE(revisionHash(in), hash);
    RecipeInput copy = in;
    QCOMPARE(revisionHash(copy), hash);
    // Pinned: the encoding is part of the catalogue's data; changing it changes every
    // revision, which must be a deliberate (versioned) decision.
    QCOMPARE(revisionHash(input(QString())),
             QString::fromLatin1(QCryptographicHash::hash("kiln-revision-v1\n"
                                                          "base 0:\n"
                                                          "apt 0\n"
                                                          "conda 0\n"
                                                          "pip 0\n"
                                                          "pull-secret 0:\n",
                                                          QCryptographicHash::Sha256)
                                     .toHex()));
    QCOMPARE(hash, QString::fromLatin1(QCryptographicHash::hash("kiln-revision-v1\n"
                                                                "base 6:debian\n"
                                                                "apt 1\n4:curl\n"
                                                                "conda 1\n5:numpy\n"
                                                                "pip 1\n5:flask\n"
                                                                "pull-secret 0:\n",
                                                                QCryptographicHash::Sha256)
                                           .toHex()));
}

void tst_Recipe::hashChanges_data()
{
    QTest::addColumn<RecipeInput>("a");
    QTest::addColumn<RecipeInput>("b");

    const RecipeInput in = input(u"debian"_s, {u"curl"_s, u"git"_s}, {u"numpy"_s}, {u"flask"_s});
    auto with = [&](auto change) {
        RecipeInput copy = in;
        change(copy);
        return copy;
    };
    QTest::newRow("base tag") << in << with([](RecipeInput &r) { r.baseImage = u"debian:12"_s; });
    QTest::newRow("base spelled differently")
        << in << with([](RecipeInput &r) { r.baseImage = u"docker.io/library/debian:latest"_s; });
    QTest::newRow("apt added") << in << with([](RecipeInput &r) { r.apt << u"vim"_s; });
    QTest::newRow("apt order") << in << with([](RecipeInput &r) { r.apt = {u"git"_s, u"curl"_s}; });
    QTest::newRow("apt version") << in << with([](RecipeInput &r) { r.apt[0] = u"curl=7"_s; });
    QTest::newRow("conda changed") << in << with([](RecipeInput &r) { r.conda = {u"scipy"_s}; });
    QTest::newRow("pip removed") << in << with([](RecipeInput &r) { r.pip.clear(); });
    QTest::newRow("package moved between managers") << in << with([](RecipeInput &r) {
        r.conda << r.pip;
        r.pip.clear();
    });
    QTest::newRow("pull secret set") << in << with([](RecipeInput &r) { r.pullSecretRef = u"quay-robot"_s; });
    QTest::newRow("pull secret changed") << with([](RecipeInput &r) { r.pullSecretRef = u"a"_s; })
                                         << with([](RecipeInput &r) { r.pullSecretRef = u"b"_s; });
    QTest::newRow("one entry vs two") << input(u"x"_s, {u"a b"_s}) << input(u"x"_s, {u"a"_s, u"b"_s});
    QTest::newRow("empty entry vs none") << input(u"x"_s, {QString()}) << input(u"x"_s);
    QTest::newRow("boundary between lists") << input(u"x"_s, {u"a"_s}, {}) << input(u"x"_s, {}, {u"a"_s});
    QTest::newRow("boundary base/list") << input(u"x\napt 0"_s) << input(u"x"_s);
    QTest::newRow("non-ASCII") << input(u"x"_s, {u"\u00e9"_s}) << input(u"x"_s, {u"e"_s});
}

void tst_Recipe::hashChanges()
{
    QFETCH(RecipeInput, a);
    QFETCH(RecipeInput, b);
    QVERIFY(revisionHash(a) != revisionHash(b));
}

void tst_Recipe::hashIgnoresImageFacts_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("jovyan") << u"jovyan"_s;
    QTest::newRow("uid:gid") << u"1000:100"_s;
    QTest::newRow("numeric") << u"1000"_s;
}

void tst_Recipe::hashIgnoresImageFacts()
{
    QFETCH(QString, user);
    const RecipeInput in = input(u"debian"_s, {u"curl"_s}, {u"numpy"_s}, {u"flask"_s});
    RecipeInput other = in;
    other.baseUser = user;
    QCOMPARE(revisionHash(other), revisionHash(in));
    // ... although the Containerfile differs.
    QVERIFY(makeRecipe(other)->containerfile != makeRecipe(in)->containerfile);
}

void tst_Recipe::revisionTagIsPrefix()
{
    const QString hash = revisionHash(input(u"debian"_s));
    QCOMPARE(revisionTag(hash).size(), kRevisionTagLength);
    QVERIFY(hash.startsWith(revisionTag(hash)));
}

void tst_Recipe::target_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("column");

    const QString rev = u"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"_s;
    QTest::newRow("host and path") << u"registry.example.com/team"_s << u"science"_s << rev
                                   << u"registry.example.com/team/science:0123456789ab"_s << QString() << 0;
    QTest::newRow("host with port") << u"localhost:5000"_s << u"py-base"_s << rev
                                    << u"localhost:5000/py-base:0123456789ab"_s << QString() << 0;
    QTest::newRow("ipv6 host") << u"[::1]:5000/kiln"_s << u"a1"_s << rev
                               << u"[::1]:5000/kiln/a1:0123456789ab"_s << QString() << 0;
    QTest::newRow("exactly 12") << u"quay.io/org"_s << u"x"_s << u"abcdefabcdef"_s
                                << u"quay.io/org/x:abcdefabcdef"_s << QString() << 0;

    QTest::newRow("empty prefix") << QString() << u"x"_s << rev << QString() << u"Push registry prefix"_s
                                  << 1;
    QTest::newRow("trailing slash") << u"quay.io/org/"_s << u"x"_s << rev << QString()
                                    << u"Push registry prefix"_s << 13;
    QTest::newRow("uppercase path") << u"quay.io/Org"_s << u"x"_s << rev << QString()
                                    << u"Push registry prefix"_s << 9;
    QTest::newRow("prefix with tag") << u"quay.io/org:1"_s << u"x"_s << rev << QString()
                                     << u"Push registry prefix"_s << 14;
    QTest::newRow("prefix with scheme")
        << u"https://quay.io"_s << u"x"_s << rev << QString() << u"Push registry prefix"_s << 1;
    QTest::newRow("prefix with space")
        << u"quay.io/my org"_s << u"x"_s << rev << QString() << u"Push registry prefix"_s << 11;
    QTest::newRow("bad name") << u"quay.io/org"_s << u"My_App"_s << rev << QString() << u"Spec name"_s << 1;
    QTest::newRow("empty name") << u"quay.io/org"_s << QString() << rev << QString() << u"Spec name"_s << 1;
    QTest::newRow("short revision") << u"quay.io/org"_s << u"x"_s << u"abc"_s << QString() << u"Revision"_s
                                    << 4;
    QTest::newRow("uppercase revision")
        << u"quay.io/org"_s << u"x"_s << u"0123456789AB"_s << QString() << u"Revision"_s << 11;
}

void tst_Recipe::target()
{
    QFETCH(QString, prefix);
    QFETCH(QString, name);
    QFETCH(QString, revision);
    QFETCH(QString, expected);
    QFETCH(QString, field);
    QFETCH(int, column);
    const auto result = targetImage(prefix, name, revision);
    if (expected.isEmpty()) {
        QVERIFY2(!result.ok(), qPrintable(result.ok() ? result.value() : QString()));
        QCOMPARE(result.error().field, field);
        QCOMPARE(result.error().column, column);
        QVERIFY(!result.error().message.isEmpty());
    } else {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
        QCOMPARE(result.value(), expected);
    }
}

QTEST_GUILESS_MAIN(tst_Recipe)
#include "tst_recipe.moc"
