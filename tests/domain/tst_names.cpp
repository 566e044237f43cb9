// Tests for validateName() and deriveImageName().
// The valid/invalid tables start from Kubernetes' IsDNS1123Subdomain tests
// (k8s.io/apimachinery/pkg/util/validation/validation_test.go), with the length
// limit lowered to kMaxNameLength (63).

#include "domain/names.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Kiln::kMaxNameLength;

class TestNames : public QObject
{
    Q_OBJECT

private slots:
    void validName_data();
    void validName();
    void invalidName_data();
    void invalidName();
    void deriveImageName_data();
    void deriveImageName();
    void deriveImageNameFails_data();
    void deriveImageNameFails();
    void derivedNamesAlwaysValidate();
};

void TestNames::validName_data()
{
    QTest::addColumn<QString>("name");
    // From IsDNS1123Subdomain's good values.
    const QStringList good = {
        u"a"_s,
        u"ab"_s,
        u"abc"_s,
        u"a1"_s,
        u"a-1"_s,
        u"a--1--2--b"_s,
        u"0"_s,
        u"01"_s,
        u"012"_s,
        u"1a"_s,
        u"1-a"_s,
        u"1--a--b--2"_s,
        u"a.a"_s,
        u"ab.a"_s,
        u"abc.a"_s,
        u"a1.a"_s,
        u"a-1.a"_s,
        u"a--1--2--b.a"_s,
        u"a.1"_s,
        u"ab.1"_s,
        u"abc.1"_s,
        u"a1.1"_s,
        u"a-1.1"_s,
        u"a--1--2--b.1"_s,
        u"0.a"_s,
        u"01.a"_s,
        u"012.a"_s,
        u"1a.a"_s,
        u"1-a.a"_s,
        u"0.1"_s,
        u"01.1"_s,
        u"012.1"_s,
        u"1a.1"_s,
        u"1-a.1"_s,
        u"1--a--b--2.1"_s,
        u"a.b.c.d.e"_s,
        u"aa.bb.cc.dd.ee"_s,
        u"1.2.3.4.5"_s,
        u"11.22.33.44.55"_s,
        // Kiln examples.
        u"my-cuda-12-image"_s,
        u"pytorch-2.1-gpu"_s,
        u"registry.example.com"_s,
    };
    for (const QString &name : good)
        QTest::newRow(qPrintable(name)) << name;
    QTest::newRow("exactly 63") << QString(kMaxNameLength, u'a');
    QTest::newRow("63 with dots") << (u"a."_s.repeated(31) + u'a');
}

void TestNames::validName()
{
    QFETCH(QString, name);
    const auto result = Kiln::validateName(name);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
    QCOMPARE(result.value(), name);
}

void TestNames::invalidName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a fragment the message must contain

    QTest::newRow("empty") << QString() << 1 << u"name is empty"_s;

    // Uppercase (IsDNS1123Subdomain bad values).
    QTest::newRow("A") << u"A"_s << 1 << u"uppercase letter 'A' is not allowed; use lowercase"_s;
    QTest::newRow("ABC") << u"ABC"_s << 1 << u"uppercase letter 'A'"_s;
    QTest::newRow("aBc") << u"aBc"_s << 2 << u"uppercase letter 'B'"_s;
    QTest::newRow("A1") << u"A1"_s << 1 << u"uppercase letter 'A'"_s;
    QTest::newRow("A-1") << u"A-1"_s << 1 << u"uppercase letter 'A'"_s;
    QTest::newRow("1-A") << u"1-A"_s << 3 << u"uppercase letter 'A'"_s;
    QTest::newRow("A.a") << u"A.a"_s << 1 << u"uppercase letter 'A'"_s;
    QTest::newRow("aB.a") << u"aB.a"_s << 2 << u"uppercase letter 'B'"_s;
    QTest::newRow("ab.A") << u"ab.A"_s << 4 << u"uppercase letter 'A'"_s;
    QTest::newRow("A1.a") << u"A1.a"_s << 1 << u"uppercase"_s;
    QTest::newRow("a1.A") << u"a1.A"_s << 4 << u"uppercase"_s;
    QTest::newRow("A.1") << u"A.1"_s << 1 << u"uppercase"_s;
    QTest::newRow("aB.1") << u"aB.1"_s << 2 << u"uppercase"_s;
    QTest::newRow("A1.1") << u"A1.1"_s << 1 << u"uppercase"_s;
    QTest::newRow("1A.1") << u"1A.1"_s << 2 << u"uppercase"_s;
    QTest::newRow("0.A") << u"0.A"_s << 3 << u"uppercase"_s;
    QTest::newRow("01.A") << u"01.A"_s << 4 << u"uppercase"_s;
    QTest::newRow("012.A") << u"012.A"_s << 5 << u"uppercase"_s;
    QTest::newRow("1A.a") << u"1A.a"_s << 2 << u"uppercase"_s;
    QTest::newRow("1a.A") << u"1a.A"_s << 4 << u"uppercase"_s;
    QTest::newRow("A.B.C.D.E") << u"A.B.C.D.E"_s << 1 << u"uppercase"_s;
    QTest::newRow("AA.BB.CC.DD.EE") << u"AA.BB.CC.DD.EE"_s << 1 << u"uppercase"_s;
    QTest::newRow("abc.deF") << u"abc.deF"_s << 7 << u"uppercase letter 'F'"_s;

    // Dashes at the edges.
    QTest::newRow("-") << u"-"_s << 1 << u"must start with a lowercase letter or digit, not '-'"_s;
    QTest::newRow("a-") << u"a-"_s << 2 << u"must end with a lowercase letter or digit, not '-'"_s;
    QTest::newRow("-a") << u"-a"_s << 1 << u"must start"_s;
    QTest::newRow("1-") << u"1-"_s << 2 << u"must end"_s;
    QTest::newRow("-1") << u"-1"_s << 1 << u"must start"_s;
    QTest::newRow("a-.b") << u"a-.b"_s << 2 << u"a part before '.' must end with a letter or digit"_s;
    QTest::newRow("a.-b") << u"a.-b"_s << 3 << u"a part after '.' must start with a letter or digit"_s;
    QTest::newRow("a.b--") << u"a.b--"_s << 5 << u"must end"_s;

    // Characters outside the alphabet.
    QTest::newRow("_") << u"_"_s << 1 << u"'_' is not allowed; use lowercase letters, digits, '-' and '.'"_s;
    QTest::newRow("a_") << u"a_"_s << 2 << u"'_' is not allowed"_s;
    QTest::newRow("_a") << u"_a"_s << 1 << u"'_' is not allowed"_s;
    QTest::newRow("a_b") << u"a_b"_s << 2 << u"'_' is not allowed"_s;
    QTest::newRow("1_") << u"1_"_s << 2 << u"'_'"_s;
    QTest::newRow("_1") << u"_1"_s << 1 << u"'_'"_s;
    QTest::newRow("1_2") << u"1_2"_s << 2 << u"'_'"_s;
    QTest::newRow("a/b") << u"a/b"_s << 2 << u"'/' is not allowed"_s;
    QTest::newRow("a:b") << u"a:b"_s << 2 << u"':' is not allowed"_s;

    // Dots.
    QTest::newRow(".") << u"."_s << 1 << u"must start with a lowercase letter or digit, not '.'"_s;
    QTest::newRow("a.") << u"a."_s << 2 << u"must end with a lowercase letter or digit, not '.'"_s;
    QTest::newRow(".a") << u".a"_s << 1 << u"must start"_s;
    QTest::newRow("a..b") << u"a..b"_s << 3 << u"empty part"_s;
    QTest::newRow("1.") << u"1."_s << 2 << u"must end"_s;
    QTest::newRow(".1") << u".1"_s << 1 << u"must start"_s;
    QTest::newRow("1..2") << u"1..2"_s << 3 << u"empty part"_s;

    // Whitespace and control characters.
    QTest::newRow("space") << u" "_s << 1 << u"a space is not allowed"_s;
    QTest::newRow("a space") << u"a "_s << 2 << u"a space is not allowed"_s;
    QTest::newRow("space a") << u" a"_s << 1 << u"a space"_s;
    QTest::newRow("a b") << u"a b"_s << 2 << u"a space"_s;
    QTest::newRow("1 2") << u"1 2"_s << 2 << u"a space"_s;
    QTest::newRow("tab") << u"a\tb"_s << 2 << u"a tab is not allowed"_s;
    QTest::newRow("newline") << u"ab\n"_s << 3 << u"a line break is not allowed"_s;
    QTest::newRow("NUL") << QString(u"a\0b"_s) << 2 << u"control or unprintable character U+0000"_s;

    // Non-ASCII: the column counts UTF-16 code units.
    QTest::newRow("e-acute") << u"caf\u00e9"_s << 4 << u"'\u00e9' (U+00E9) is not allowed"_s;
    QTest::newRow("emoji") << u"a\U0001F433b"_s << 2 << u"(U+1F433)"_s;
    QTest::newRow("after emoji") << u"\U0001F433"_s << 1 << u"U+1F433"_s;
    QTest::newRow("fullwidth A") << u"\uff21"_s << 1 << u"U+FF21"_s;

    // Length.
    QTest::newRow("64") << QString(64, u'a') << 64 << u"name is 64 characters long; at most 63 are allowed"_s;
    QTest::newRow("200") << QString(200, u'a') << 64 << u"200 characters"_s;
    QTest::newRow("62 + -b") << (QString(62, u'a') + u"-b"_s) << 64 << u"64 characters"_s;
    QTest::newRow("error before limit wins") << (u"aaA"_s + QString(100, u'a')) << 3 << u"uppercase"_s;
    QTest::newRow("bad char after limit") << (QString(70, u'a') + u'_') << 64 << u"71 characters"_s;
}

void TestNames::invalidName()
{
    QFETCH(QString, name);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto result = Kiln::validateName(name);
    QVERIFY2(!result.ok(), qPrintable(u"accepted: "_s + name));
    QCOMPARE(result.error().column, column);
    QVERIFY2(result.error().message.contains(message),
             qPrintable(u"message \""_s + result.error().message + u"\" lacks \""_s + message + u'"'));
    QCOMPARE(result.error().line, 0);
}

void TestNames::deriveImageName_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("expected");

    QTest::newRow("design example") << u"My CUDA 12 Image"_s << u"my-cuda-12-image"_s;
    QTest::newRow("already a name") << u"ubuntu"_s << u"ubuntu"_s;
    QTest::newRow("keeps dots") << u"v1.2"_s << u"v1.2"_s;
    QTest::newRow("keeps valid name") << u"a.b-c.d"_s << u"a.b-c.d"_s;
    QTest::newRow("surrounding spaces") << u"  Leading and trailing  "_s << u"leading-and-trailing"_s;
    QTest::newRow("parentheses") << u"PyTorch 2.1 (GPU)"_s << u"pytorch-2.1-gpu"_s;
    QTest::newRow("underscores") << u"a__b"_s << u"a-b"_s;
    QTest::newRow("spaced dash") << u"a - b"_s << u"a-b"_s;
    QTest::newRow("dash run") << u"a---b"_s << u"a-b"_s;
    QTest::newRow("double dot") << u"a..b"_s << u"a.b"_s;
    QTest::newRow("dot and space") << u"Dr. Who"_s << u"dr-who"_s;
    QTest::newRow("space and dot") << u"foo .bar"_s << u"foo-bar"_s;
    QTest::newRow("dash dot") << u"a-.b"_s << u"a-b"_s;
    QTest::newRow("trim dots") << u"...abc..."_s << u"abc"_s;
    QTest::newRow("trim dashes") << u"--abc--"_s << u"abc"_s;
    QTest::newRow("trim mixed") << u"-.-abc.-."_s << u"abc"_s;
    QTest::newRow("accents") << u"Caf\u00e9 Cr\u00e8me"_s << u"cafe-creme"_s;
    QTest::newRow("umlaut") << u"\u00dcBER"_s << u"uber"_s;
    QTest::newRow("fullwidth") << u"\uff26\uff35\uff2c\uff2c\uff11"_s << u"full1"_s;
    QTest::newRow("CJK dropped") << u"\u6570\u636e science"_s << u"science"_s;
    QTest::newRow("emoji") << u"\U0001F433 whale"_s << u"whale"_s;
    QTest::newRow("control characters") << u"tab\tand\nnewline"_s << u"tab-and-newline"_s;
    QTest::newRow("slashes") << u"org/app:tag"_s << u"org-app-tag"_s;
    QTest::newRow("digits only") << u"2024"_s << u"2024"_s;
    QTest::newRow("truncate 70") << QString(70, u'a') << QString(63, u'a');
    QTest::newRow("truncate at dash") << (QString(62, u'a') + u" b"_s) << QString(62, u'a');
    QTest::newRow("truncate at dot") << (QString(62, u'a') + u".b"_s) << QString(62, u'a');
    QTest::newRow("truncate inside word")
        << (QString(60, u'x') + u" \u00c4 yy"_s) << (QString(60, u'x') + u"-a"_s);
    QTest::newRow("long word after short one")
        << (u"ab "_s + QString(70, u'x')) << (u"ab-"_s + QString(60, u'x'));
    QTest::newRow("truncate long words")
        << u"The Quick Brown Fox Jumps Over The Lazy Dog And Keeps Running Far Away"_s
        << u"the-quick-brown-fox-jumps-over-the-lazy-dog-and-keeps-running"_s;
}

void TestNames::deriveImageName()
{
    QFETCH(QString, displayName);
    QFETCH(QString, expected);
    const auto result = Kiln::deriveImageName(displayName);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
    QCOMPARE(result.value(), expected);
    QVERIFY(Kiln::validateName(result.value()).ok());
}

void TestNames::deriveImageNameFails_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString() << u"display name is empty"_s;
    QTest::newRow("spaces") << u"   "_s << u"display name is empty"_s;
    QTest::newRow("punctuation") << u"!!!"_s << u"no letters or digits"_s;
    QTest::newRow("separators only") << u"-- .. --"_s << u"no letters or digits"_s;
    QTest::newRow("CJK only") << u"\u6570\u636e"_s << u"no letters or digits"_s;
    QTest::newRow("emoji only") << u"\U0001F433"_s << u"no letters or digits"_s;
}

void TestNames::deriveImageNameFails()
{
    QFETCH(QString, displayName);
    QFETCH(QString, message);
    const auto result = Kiln::deriveImageName(displayName);
    QVERIFY2(!result.ok(), qPrintable(result.ok() ? result.value() : QString()));
    QCOMPARE(result.error().column, 1);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
}

// Whatever the display name, a derived name validates; derivation fails only when
// the input has no [a-z0-9] after lowercasing and accent folding.
void TestNames::derivedNamesAlwaysValidate()
{
    const QString alphabet = u"aZ09 .-_/:@\u00e9\u00c4\u00df\u6570\U0001F433\t!"_s;
    QRandomGenerator random(20240611);
    int derived = 0;
    for (int round = 0; round < 5000; ++round) {
        QString input;
        const int length = random.bounded(90);
        for (int i = 0; i < length; ++i)
            input += alphabet[random.bounded(int(alphabet.size()))];
        const auto result = Kiln::deriveImageName(input);
        if (result.ok()) {
            ++derived;
            const auto check = Kiln::validateName(result.value());
            QVERIFY2(check.ok(), qPrintable(input + u" -> "_s + result.value()));
            QVERIFY(result.value().size() <= kMaxNameLength);
        } else {
            const QString folded = input.normalized(QString::NormalizationForm_KD).toLower();
            const bool hasAlnum = std::any_of(folded.begin(), folded.end(), [](QChar c) {
                return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
            });
            QVERIFY2(!hasAlnum, qPrintable(input));
        }
    }
    QVERIFY(derived > 1000);
}

QTEST_GUILESS_MAIN(TestNames)
#include "tst_names.moc"
