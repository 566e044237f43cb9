# Build speed: precompiled Qt headers and a fast linker. Neither changes what is
# built; both can be turned off (-DKILN_PCH=OFF, -DKILN_FAST_LINKER=OFF) to check
# that every source includes what it uses.
#
# A clean build on 2 cores compiles ~110 library sources and ~80 test programs,
# each of which parses the same Qt headers again; a precompiled header per
# library and one per test directory parse them once.

option(KILN_PCH "Precompile the Qt headers every source includes" ON)
option(KILN_FAST_LINKER "Link with lld when the compiler accepts -fuse-ld=lld" ON)
# Unity builds compile the libraries' sources in batches of 8: every source loads
# the ~150 MB precompiled header and parses Kiln's own headers again, and a batch
# does that once (a clean build of kiln_backend takes less than half the CPU time).
# An edit recompiles its whole batch, so it is on in CI (scripts/dev) and off for
# day-to-day work. Sources whose file-local helpers share names with a neighbour's
# are marked SKIP_UNITY_BUILD_INCLUSION where their library is defined.
option(KILN_UNITY "Compile the libraries' sources in batches (clean builds, CI)" OFF)

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
    get_target_property(_type ${target} TYPE)
    if(KILN_UNITY AND _type STREQUAL "STATIC_LIBRARY" AND NOT target MATCHES "^kiln_test")
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE BATCH
                                                   UNITY_BUILD_BATCH_SIZE 8)
    endif()
endfunction()

# kiln_reuse_precompiled(<target> <from>): compile <target> with <from>'s header.
# GCC accepts it only when both have the same defines, so <from> must link what
# <target> links and live in the same directory (QT_TESTCASE_BUILDDIR).
function(kiln_reuse_precompiled target from)
    if(KILN_PCH)
        target_precompile_headers(${target} REUSE_FROM ${from})
    endif()
endfunction()
