# Build speed: precompiled Qt headers and a fast linker. Neither changes what is
# built; both can be turned off (-DKILN_PCH=OFF, -DKILN_FAST_LINKER=OFF) to check
# that every source includes what it uses.
#
# A clean build on 2 cores compiles ~110 library sources and ~80 test programs,
# each of which parses the same Qt headers again; a precompiled header per
# library and one per test directory parse them once.

option(KILN_PCH "Precompile the Qt headers every source includes" ON)
option(KILN_FAST_LINKER "Link with lld when the compiler accepts -fuse-ld=lld" ON)

if(KILN_FAST_LINKER AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    include(CheckLinkerFlag)
    check_linker_flag(CXX "-fuse-ld=lld" KILN_HAVE_LLD)
    if(KILN_HAVE_LLD)
        target_link_options(kiln_options INTERFACE -fuse-ld=lld)
        message(STATUS "Kiln: linking with lld")
    endif()
endif()

# Headers per layer: the ones most sources include, and nothing of Kiln's own
# (those change too often to be worth it).
set(KILN_PCH_CORE
    <QByteArray> <QDateTime> <QDir> <QFile> <QFileInfo> <QFuture> <QFutureWatcher> <QHash>
    <QJsonArray> <QJsonDocument> <QJsonObject> <QList> <QMap> <QObject> <QPointer> <QProcess>
    <QRegularExpression> <QSet> <QSqlDatabase> <QSqlError> <QSqlQuery> <QString> <QStringList>
    <QTimer> <QUuid> <QVariant> <QtConcurrent/QtConcurrentRun> <QNetworkAccessManager>
    <QNetworkReply> <QNetworkRequest> <functional> <memory> <optional> <utility>)
set(KILN_PCH_GUI <QAbstractItemModel> <QColor> <QIcon> <QSortFilterProxyModel>)
set(KILN_PCH_WIDGETS
    <QAction> <QApplication> <QCheckBox> <QComboBox> <QDialog> <QDialogButtonBox> <QHBoxLayout>
    <QHeaderView> <QLabel> <QLineEdit> <QMenu> <QMessageBox> <QPlainTextEdit> <QPushButton>
    <QSplitter> <QToolBar> <QToolButton> <QTreeView> <QVBoxLayout> <QWidget>)
set(KILN_PCH_TEST <QSignalSpy> <QTemporaryDir> <QTemporaryFile> <QTest>)

# kiln_precompile(<target> <layer>...): layers out of core, gui, widgets, test.
function(kiln_precompile target)
    if(NOT KILN_PCH)
        return()
    endif()
    set(_headers)
    foreach(_layer IN LISTS ARGN)
        string(TOUPPER "${_layer}" _layer)
        list(APPEND _headers ${KILN_PCH_${_layer}})
    endforeach()
    target_precompile_headers(${target} PRIVATE ${_headers})
endfunction()

# kiln_reuse_precompiled(<target> <from>): compile <target> with <from>'s header.
# GCC accepts it only when both have the same defines, so <from> must link what
# <target> links and live in the same directory (QT_TESTCASE_BUILDDIR).
function(kiln_reuse_precompiled target from)
    if(KILN_PCH)
        target_precompile_headers(${target} REUSE_FROM ${from})
    endif()
endfunction()
