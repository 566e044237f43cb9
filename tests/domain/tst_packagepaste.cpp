#include "domain/packagepaste.h"

#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_PackagePaste : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void everyPackageValidates_data();
    void everyPackageValidates();
};

namespace {
QStringList L(std::initializer_list<QString> items)
{
    return QStringList(items);
}
} // namespace

// Each row: what is pasted into the list of `manager`, and every part of the result.
void tst_PackagePaste::split_data()
{
    QTest::addColumn<int>("manager");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("packages");
    QTest::addColumn<QStringList>("pipPackages");
    QTest::addColumn<int>("comments");
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<QStringList>("ignored");

    const int apt = int(PackageManager::Apt);
    const int conda = int(PackageManager::Conda);
    const int pip = int(PackageManager::Pip);

    // ---- Pip: requirements.txt
    QTest::newRow("pip empty") << pip << QString() << L({}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip one") << pip << u"requests"_s << L({u"requests"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip blanks inside kept")
        << pip << u"  requests >= 2.0  \n"_s << L({u"requests >= 2.0"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip comments") << pip << u"# tools\nrequests>=2 # http\n\n  # indented\nflask\n"_s
                                  << L({u"requests>=2"_s, u"flask"_s}) << L({}) << 3 << L({}) << L({});
    QTest::newRow("pip hash in url is not a comment")
        << pip << u"pkg @ https://h.example/p.whl#sha256=ab\n"_s
        << L({u"pkg @ https://h.example/p.whl#sha256=ab"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip options kept")
        << pip << u"-r other.txt\n--index-url https://x/simple\n-e .\nflask\n"_s
        << L({u"-r other.txt"_s, u"--index-url https://x/simple"_s, u"-e ."_s, u"flask"_s}) << L({}) << 0
        << L({}) << L({});
    QTest::newRow("pip continuation")
        << pip << u"requests \\\n  >=2.0\nflask\n"_s << L({u"requests   >=2.0"_s, u"flask"_s}) << L({}) << 0
        << L({}) << L({});
    QTest::newRow("pip continuation with blanks after backslash")
        << pip << u"a\\  \nb\n"_s << L({u"ab"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip hashes joined, kept for validation")
        << pip << u"requests==2.31.0 \\\n    --hash=sha256:aa\n"_s
        << L({u"requests==2.31.0     --hash=sha256:aa"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip comment ends continuation")
        << pip << u"pkg # note \\\nflask\n"_s << L({u"pkg"_s, u"flask"_s}) << L({}) << 1 << L({}) << L({});
    QTest::newRow("pip dangling continuation")
        << pip << u"flask \\"_s << L({u"flask"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip crlf") << pip << u"a\r\nb # c\r\n"_s << L({u"a"_s, u"b"_s}) << L({}) << 1 << L({})
                              << L({});
    QTest::newRow("pip not split at spaces")
        << pip << u"curl git vim"_s << L({u"curl git vim"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("pip marker") << pip << u"pkg; python_version >= \"3.8\"\n"_s
                                << L({u"pkg; python_version >= \"3.8\""_s}) << L({}) << 0 << L({}) << L({});

    // ---- Conda: environment.yml and lists
    QTest::newRow("conda environment.yml")
        << conda
        << u"name: ml\nchannels:\n  - conda-forge\n  - defaults\ndependencies:\n  - python=3.11\n"
           "  - numpy>=1.26 # math\n  - pip\n  - pip:\n    - requests[socks]>=2.31\n    - \"flask\"\n"
           "prefix: /opt/envs/ml\n"_s
        << L({u"python=3.11"_s, u"numpy>=1.26"_s, u"pip"_s}) << L({u"requests[socks]>=2.31"_s, u"flask"_s})
        << 1 << L({u"conda-forge"_s, u"defaults"_s}) << L({u"name: ml"_s, u"prefix: /opt/envs/ml"_s});
    QTest::newRow("conda dependency list only")
        << conda << u"  - numpy=1.21\n  - 'scipy>=1.10'\n"_s << L({u"numpy=1.21"_s, u"scipy>=1.10"_s})
        << L({}) << 0 << L({}) << L({});
    QTest::newRow("conda spec with spaces is one entry")
        << conda << u"numpy 1.21 py39_0\nconda-forge::scipy\n"_s
        << L({u"numpy 1.21 py39_0"_s, u"conda-forge::scipy"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("conda list --export")
        << conda
        << u"# This file may be used to create an environment\n# platform: linux-64\nzlib=1.2.13=h5eee18b_0\n"_s
        << L({u"zlib=1.2.13=h5eee18b_0"_s}) << L({}) << 2 << L({}) << L({});
    QTest::newRow("conda flow sequences")
        << conda
        << u"channels: [conda-forge]\ndependencies: [numpy, \"scipy[version='>=1,<2']\", 'pandas']\n"_s
        << L({u"numpy"_s, u"scipy[version='>=1,<2']"_s, u"pandas"_s}) << L({}) << 0 << L({u"conda-forge"_s})
        << L({});
    QTest::newRow("conda pip flow") << conda << u"dependencies:\n  - pip: [requests, flask]\n"_s << L({})
                                    << L({u"requests"_s, u"flask"_s}) << 0 << L({}) << L({});
    QTest::newRow("conda pip list ends at outdent")
        << conda << u"dependencies:\n- pip:\n  - requests\n- numpy\n"_s << L({u"numpy"_s})
        << L({u"requests"_s}) << 0 << L({}) << L({});
    QTest::newRow("conda variables ignored")
        << conda << u"variables:\n  CUDA_HOME: /usr/local/cuda\ndependencies:\n  - cudatoolkit\n"_s
        << L({u"cudatoolkit"_s}) << L({}) << 0 << L({})
        << L({u"variables:"_s, u"CUDA_HOME: /usr/local/cuda"_s});
    QTest::newRow("conda quoted hash is not a comment")
        << conda << u"- \"numpy # x\"\n"_s << L({u"numpy # x"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("conda channel prefix is not a key")
        << conda << u"conda-forge::numpy>=1.26\n"_s << L({u"conda-forge::numpy>=1.26"_s}) << L({}) << 0
        << L({}) << L({});
    QTest::newRow("conda yaml single-quote escape")
        << conda << u"- 'a''b'\n"_s << L({u"a'b"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("conda not split at spaces")
        << conda << u"numpy scipy"_s << L({u"numpy scipy"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("conda lone dash reported") << conda << u"dependencies:\n  -\n  - numpy\n"_s
                                              << L({u"numpy"_s}) << L({}) << 0 << L({}) << L({u"-"_s});

    // ---- APT
    QTest::newRow("apt words") << apt << u"curl git  vim\nhtop"_s
                               << L({u"curl"_s, u"git"_s, u"vim"_s, u"htop"_s}) << L({}) << 0 << L({})
                               << L({});
    QTest::newRow("apt tabs") << apt << u"curl\tgit"_s << L({u"curl"_s, u"git"_s}) << L({}) << 0 << L({})
                              << L({});
    QTest::newRow("apt versions kept")
        << apt << u"curl=7.88.1-10 libc6:amd64 vim/bookworm-backports"_s
        << L({u"curl=7.88.1-10"_s, u"libc6:amd64"_s, u"vim/bookworm-backports"_s}) << L({}) << 0 << L({})
        << L({});
    QTest::newRow("apt comments") << apt << u"# base\ncurl # for downloads\ngit\n"_s
                                  << L({u"curl"_s, u"git"_s}) << L({}) << 2 << L({}) << L({});
    QTest::newRow("apt-get install") << apt << u"apt-get install -y curl git vim"_s
                                     << L({u"curl"_s, u"git"_s, u"vim"_s}) << L({}) << 0 << L({})
                                     << L({u"apt-get install -y"_s});
    QTest::newRow("sudo apt install")
        << apt << u"sudo apt install --no-install-recommends htop"_s << L({u"htop"_s}) << L({}) << 0 << L({})
        << L({u"sudo apt install --no-install-recommends"_s});
    QTest::newRow("dockerfile RUN")
        << apt
        << u"RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n"
           "      -t bookworm-backports curl \\\n      git && rm -rf /var/lib/apt/lists/*\n"_s
        << L({u"curl"_s, u"git"_s}) << L({}) << 0 << L({})
        << L({u"RUN apt-get update"_s,
              u"DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports"_s,
              u"rm -rf /var/lib/apt/lists/*"_s});
    QTest::newRow("apt option value")
        << apt << u"apt-get -o Debug::pkgProblemResolver=yes install curl"_s << L({u"curl"_s}) << L({}) << 0
        << L({}) << L({u"apt-get -o Debug::pkgProblemResolver=yes install"_s});
    QTest::newRow("apt glued semicolon")
        << apt << u"apt-get update; apt-get install curl"_s << L({u"curl"_s}) << L({}) << 0 << L({})
        << L({u"apt-get update"_s, u"apt-get install"_s});
    QTest::newRow("no apt command: shell kept for validation")
        << apt << u"curl; rm -rf /"_s << L({u"curl;"_s, u"rm"_s, u"-rf"_s, u"/"_s}) << L({}) << 0 << L({})
        << L({});
    QTest::newRow("package named apt")
        << apt << u"apt curl"_s << L({u"apt"_s, u"curl"_s}) << L({}) << 0 << L({}) << L({});
    QTest::newRow("apt continuation")
        << apt << u"curl \\\ngit"_s << L({u"curl"_s, u"git"_s}) << L({}) << 0 << L({}) << L({});
}

void tst_PackagePaste::split()
{
    QFETCH(int, manager);
    QFETCH(QString, text);
    QFETCH(QStringList, packages);
    QFETCH(QStringList, pipPackages);
    QFETCH(int, comments);
    QFETCH(QStringList, channels);
    QFETCH(QStringList, ignored);

    const PastedPackages result = splitPastedPackages(PackageManager(manager), text);
    QCOMPARE(result.packages, packages);
    QCOMPARE(result.pipPackages, pipPackages);
    QCOMPARE(result.ignoredComments, comments);
    QCOMPARE(result.channels, channels);
    QCOMPARE(result.ignored, ignored);
}

// What a paste extracts is what validation accepts; what it keeps on purpose is not.
void tst_PackagePaste::everyPackageValidates_data()
{
    QTest::addColumn<int>("manager");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("invalid");
    QTest::newRow("requirements.txt")
        << int(PackageManager::Pip) << u"# pinned\nrequests[socks]>=2.31 # http\n-r x.txt\nflask==3.0.0\n"_s
        << 1;
    QTest::newRow("environment.yml")
        << int(PackageManager::Conda)
        << u"name: x\nchannels:\n  - conda-forge\ndependencies:\n  - numpy>=1.26\n"
           "  - conda-forge::scipy\n  - pip:\n    - requests\n"_s
        << 0;
    QTest::newRow("RUN line") << int(PackageManager::Apt)
                              << u"RUN apt-get update && apt-get install -y --no-install-recommends curl "
                                 "ca-certificates git=1:2.39.2-1.1 && rm -rf /var/lib/apt/lists/*"_s
                              << 0;
}

void tst_PackagePaste::everyPackageValidates()
{
    QFETCH(int, manager);
    QFETCH(QString, text);
    QFETCH(int, invalid);
    const PastedPackages result = splitPastedPackages(PackageManager(manager), text);
    QVERIFY(!result.packages.isEmpty());
    int bad = 0;
    for (const QString &package : result.packages)
        bad += validatePackageLine(PackageManager(manager), package).has_value() ? 1 : 0;
    QCOMPARE(bad, invalid);
    for (const QString &package : result.pipPackages)
        QVERIFY2(!validatePackageLine(PackageManager::Pip, package), qPrintable(package));
}

QTEST_GUILESS_MAIN(tst_PackagePaste)
#include "tst_packagepaste.moc"
