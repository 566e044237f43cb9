#pragma once

#include "cataloguefixture.h"
#include "testsupport.h"

#include <QtGlobal>

#include <memory>

namespace KilnTest {

// The fixture the tests of item models (and of the views over them) share:
// QStandardPaths' test mode with isolated settings for the whole run, and a
// fresh TempCatalogue for each test function. Header-only, so that it needs no
// library of its own beside kiln_test_support.
//
//   void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }
//   void init()
//   {
//       QVERIFY(m_fixture.init());
//       ... seed m_fixture.catalogue() ...
//   }
//   void cleanup() { m_fixture.cleanup(); } // after the models reading it are gone
class ModelTestFixture
{
public:
    static void initTestCase() { isolateSettings(); }

    // A fresh catalogue for the next test function; false when it cannot be
    // opened (the reason is printed), for QVERIFY.
    bool init()
    {
        m_temp = std::make_unique<TempCatalogue>();
        if (!m_temp->isOpen())
            qWarning("ModelTestFixture: no catalogue: %s", qPrintable(m_temp->errorString()));
        return m_temp->isOpen();
    }

    // Closes and deletes the catalogue.
    void cleanup() { m_temp.reset(); }

    Kiln::Catalogue &catalogue() const { return m_temp->catalogue(); }

private:
    std::unique_ptr<TempCatalogue> m_temp;
};

} // namespace KilnTest
