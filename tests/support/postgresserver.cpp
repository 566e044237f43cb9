#include "postgresserver.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QVersionNumber>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

constexpr auto kUser = "kiln";
constexpr auto kHost = "127.0.0.1";

} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::binDir()
{
    const QString fromEnv = qEnvironmentVariable("KILN_PG_BINDIR");
    if (!fromEnv.isEmpty())
        return QFileInfo::exists(fromEnv + u"/pg_ctl"_s) ? fromEnv : QString();
    QDir root(u"/usr/lib/postgresql"_s);
    QVersionNumber best;
    QString found;
    const QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &version : versions) {
        const QVersionNumber number = QVersionNumber::fromString(version);
        const QString bin = root.filePath(version + u"/bin"_s);
        if (!number.isNull() && number > best && QFileInfo::exists(bin + u"/pg_ctl"_s) &&
            QFileInfo::exists(bin + u"/initdb"_s)) {
            best = number;
            found = bin;
        }
    }
    return found;
}

QString PostgresServer::host() const
{
    return QString::fromLatin1(kHost);
}

QString PostgresServer::user() const
{
    return QString::fromLatin1(kUser);
}

bool PostgresServer::run(const QString &program, const QStringList &arguments, int timeoutMs, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir->path());
    if (m_runAs.isEmpty())
        process.start(program, arguments);
    else
        process.start(u"runuser"_s, QStringList{u"-u"_s, m_runAs, u"--"_s, program} + arguments);
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(timeoutMs);
    const QString text = QString::fromLocal8Bit(process.readAll());
    if (output)
        *output = text;
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
        m_error = u"%1 did not finish in time: %2"_s.arg(QFileInfo(program).fileName(), text.trimmed());
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed (exit code %2): %3"_s.arg(QFileInfo(program).fileName())
                      .arg(process.exitCode())
                      .arg(text.trimmed());
        return false;
    }
    return true;
}

QString PostgresServer::logTail() const
{
    if (!m_dir)
        return {};
    QFile log(m_dir->filePath(u"server.log"_s));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = log.size();
    if (size > 4000)
        log.seek(size - 4000);
    return QString::fromLocal8Bit(log.readAll());
}

bool PostgresServer::start()
{
    if (m_running)
        return true;
    m_error.clear();
    m_binDir = binDir();
    if (m_binDir.isEmpty()) {
        m_error = u"PostgreSQL server binaries were not found (set KILN_PG_BINDIR or install postgresql)"_s;
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/kiln-pg-XXXXXX"_s);
    if (!m_dir->isValid()) {
        m_error = u"could not create a temporary directory: "_s + m_dir->errorString();
        return false;
    }
#ifdef Q_OS_UNIX
    if (::geteuid() == 0) {
        // PostgreSQL refuses to run as root: hand the directory to the postgres user.
        const passwd *pw = ::getpwnam("postgres");
        if (!pw) {
            m_error = u"running as root, but there is no 'postgres' system user to run the server as"_s;
            return false;
        }
        if (::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            m_error = u"could not give the temporary directory to the postgres user"_s;
            return false;
        }
        m_runAs = u"postgres"_s;
    }
#endif
    m_dataDir = m_dir->filePath(u"data"_s);
    if (!run(m_binDir + u"/initdb"_s,
             {u"-D"_s, m_dataDir, u"-U"_s, user(), u"-A"_s, u"trust"_s, u"-E"_s, u"UTF8"_s, u"--no-locale"_s,
              u"--no-sync"_s},
             120000))
        return false;

    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        if (m_port == 0) {
            m_error = u"no free TCP port on 127.0.0.1"_s;
            return false;
        }
        const QString options = u"-p %1 -c listen_addresses=%2 -c unix_socket_directories=%3 -c fsync=off "
                                "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB "
                                "-c max_connections=40"_s.arg(m_port)
                                    .arg(host(), shellQuote(m_dir->path()));
        if (run(m_binDir + u"/pg_ctl"_s,
                {u"-D"_s, m_dataDir, u"-l"_s, m_dir->filePath(u"server.log"_s), u"-w"_s, u"-t"_s, u"60"_s,
                 u"-o"_s, options, u"start"_s},
                90000)) {
            m_running = true;
            startWatchdog();
            return true;
        }
    }
    m_error += u"\nserver log:\n"_s + logTail();
    return false;
}

void PostgresServer::startWatchdog()
{
    // Stops the server and removes the directory if this process dies without stop().
    const QString prefix = m_runAs.isEmpty() ? QString() : u"runuser -u "_s + m_runAs + u" -- "_s;
    KilnTest::startWatchdog(
        m_dir->path(), u"%1%2 -D %3 -m immediate -w stop"_s.arg(prefix, shellQuote(m_binDir + u"/pg_ctl"_s),
                                                                shellQuote(m_dataDir)));
}

void PostgresServer::stop()
{
    if (m_running) {
        run(m_binDir + u"/pg_ctl"_s,
            {u"-D"_s, m_dataDir, u"-m"_s, u"fast"_s, u"-w"_s, u"-t"_s, u"30"_s, u"stop"_s}, 60000);
        m_running = false;
    }
    m_dir.reset();
}

bool PostgresServer::createDatabase(const QString &name)
{
    static const QRegularExpression valid(u"^[a-z][a-z0-9_]{0,62}$"_s);
    if (!valid.match(name).hasMatch()) {
        m_error = u"not a simple database name: "_s + name;
        return false;
    }
    const QString connection = u"kiln-test-admin-"_s + name;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(host());
        db.setPort(m_port);
        db.setUserName(user());
        db.setDatabaseName(u"postgres"_s);
        if (!db.open()) {
            m_error = u"could not connect to the test server: "_s + db.lastError().text();
        } else {
            QSqlQuery query(db);
            ok = query.exec(u"CREATE DATABASE "_s + name);
            if (!ok)
                m_error = u"CREATE DATABASE failed: "_s + query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

Kiln::PostgresLocation PostgresServer::location(const QString &database) const
{
    Kiln::PostgresLocation location;
    location.host = host();
    location.port = m_port;
    location.database = database;
    location.user = user();
    return location;
}

} // namespace KilnTest
