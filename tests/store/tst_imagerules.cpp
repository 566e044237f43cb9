#include "store/imagerules.h"

#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

class tst_ImageRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
};

namespace {
ManagedImage image(ImageType type, QString url, QString gpuUrl = {})
{
    ManagedImage image;
    image.displayName = u"PyTorch 2.3 (CUDA)"_s;
    image.type = type;
    image.url = std::move(url);
    image.gpuUrl = std::move(gpuUrl);
    return image;
}
} // namespace

void tst_ImageRules::validate_data()
{
    QTest::addColumn<ManagedImage>("image");
    QTest::addColumn<bool>("custom");
    QTest::addColumn<QString>("error"); // empty: valid; else the start of describe()

    const QString url = u"registry.example.com/ml/torch:2.3"_s;
    QTest::newRow("existing cpu") << image(ImageType::Cpu, url) << false << QString();
    QTest::newRow("universal with gpu url")
        << image(ImageType::Universal, url, u"registry.example.com/ml/torch:2.3-cuda"_s) << false
        << QString();
    QTest::newRow("custom without url") << image(ImageType::Gpu, {}) << true << QString();
    QTest::newRow("custom with built url") << image(ImageType::Gpu, url) << true << QString();

    ManagedImage noName = image(ImageType::Cpu, url);
    noName.displayName = u"   "_s;
    QTest::newRow("no display name") << noName << false
                                     << u"Display name, column 1: a display name is required"_s;
    ManagedImage symbols = image(ImageType::Cpu, url);
    symbols.displayName = u"***"_s;
    QTest::newRow("display name without letters") << symbols << false << u"Display name"_s;
    QTest::newRow("existing without url")
        << image(ImageType::Cpu, {}) << false << u"Image URL, column 1: an image URL is required"_s;
    QTest::newRow("bad url") << image(ImageType::Cpu, u"registry.example.com/ML:x"_s) << false
                             << u"Image URL, column"_s;
    QTest::newRow("gpu url on cpu") << image(ImageType::Cpu, url, url) << false
                                    << u"GPU URL, column 1: only universal images"_s;
    QTest::newRow("bad gpu url") << image(ImageType::Universal, url, u"bad url"_s) << false
                                 << u"GPU URL, column"_s;
    ManagedImage both = image(ImageType::Cpu, url);
    both.global = true;
    both.groupIds = {u"g1"_s};
    QTest::newRow("global and groups") << both << false << u"Groups, column 1: a global image"_s;
}

void tst_ImageRules::validate()
{
    QFETCH(ManagedImage, image);
    QFETCH(bool, custom);
    QFETCH(QString, error);
    const auto result = validateImageInput(image, custom ? ImageSource::Custom : ImageSource::Existing);
    if (error.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
    } else {
        QVERIFY(!result.ok());
        QVERIFY2(result.error().describe().startsWith(error), qPrintable(result.error().describe()));
    }
}

QTEST_GUILESS_MAIN(tst_ImageRules)
#include "tst_imagerules.moc"
