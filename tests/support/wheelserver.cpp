#include "wheelserver.h"

#include "registryserver.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

constexpr int kStartTimeoutMs = 30000;

bool writeFile(const QString &path, const QByteArray &content, QString *error)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size()) {
        *error = u"could not write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

QString htmlEscape(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

WheelServer::WheelServer() = default;

WheelServer::~WheelServer()
{
    stop();
}

QString WheelServer::python()
{
    const QString fromEnv = qEnvironmentVariable("KILN_PYTHON3");
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isExecutable() ? fromEnv : QString();
    if (QFileInfo(u"/usr/bin/python3"_s).isExecutable())
        return u"/usr/bin/python3"_s;
    return QStandardPaths::findExecutable(u"python3"_s);
}

QString WheelServer::normalizedName(const QString &project)
{
    static const QRegularExpression runs(u"[-_.]+"_s);
    return QString(project).replace(runs, u"-"_s).toLower();
}

QString WheelServer::wheelFileName(const QString &project, const QString &version)
{
    // The binary distribution format escapes runs of '-', '_' and '.' in the name as '_'.
    static const QRegularExpression runs(u"[-_.]+"_s);
    return u"%1-%2-py3-none-any.whl"_s.arg(QString(project).replace(runs, u"_"_s), version);
}

QString WheelServer::address() const
{
    return u"127.0.0.1:%1"_s.arg(m_port);
}

QString WheelServer::indexUrl() const
{
    return u"http://%1/simple/"_s.arg(address());
}

QString WheelServer::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

QStringList WheelServer::wheels() const
{
    QStringList out;
    for (const Entry &entry : m_entries)
        out << m_dir->filePath(u"www/files/"_s + entry.file);
    return out;
}

bool WheelServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool WheelServer::ensureDirectory()
{
    if (m_dir)
        return true;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/kiln-wheels-XXXXXX"_s);
    if (!m_dir->isValid()) {
        m_error = u"could not create a temporary directory: "_s + m_dir->errorString();
        m_dir.reset();
        return false;
    }
    for (const QString &sub : {u"www/simple"_s, u"www/files"_s, u"build"_s}) {
        if (!QDir().mkpath(m_dir->filePath(sub))) {
            m_error = u"could not create %1/%2"_s.arg(m_dir->path(), sub);
            m_dir.reset();
            return false;
        }
    }
    return writeIndex();
}

bool WheelServer::addWheel(const QString &project, const QString &version, const QByteArray &initPy)
{
    m_error.clear();
    static const QRegularExpression validProject(u"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$"_s);
    static const QRegularExpression validVersion(u"^[0-9][A-Za-z0-9.+!]*$"_s);
    if (!validProject.match(project).hasMatch()) {
        m_error = u"\"%1\" is not a valid project name ([A-Za-z0-9] with inner '.', '_', '-')"_s.arg(project);
        return false;
    }
    if (!validVersion.match(version).hasMatch()) {
        m_error = u"\"%1\" is not a valid version (a digit, then [A-Za-z0-9.+!])"_s.arg(version);
        return false;
    }
    const QString py = python();
    if (py.isEmpty()) {
        m_error = u"python3 was not found (install python3 or set KILN_PYTHON3)"_s;
        return false;
    }
    if (!ensureDirectory())
        return false;
    const QString file = wheelFileName(project, version);
    const QString normalized = normalizedName(project);
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.file == file) {
            m_error = u"the wheel %1 was added already"_s.arg(file);
            return false;
        }
    }

    const QString distribution = file.section(u'-', 0, 0); // the escaped name
    const QString module = distribution.toLower();
    const QString distInfo = u"%1-%2.dist-info"_s.arg(distribution, version);
    const QString stage = m_dir->filePath(u"build/"_s + file);
    QList<QPair<QString, QByteArray>> contents{
        {module + u"/__init__.py"_s, initPy},
        {distInfo + u"/METADATA"_s, u"Metadata-Version: 2.1\nName: %1\nVersion: %2\n"
                                    "Summary: A wheel made by Kiln's tests\n"_s.arg(project, version)
                                        .toUtf8()},
        {distInfo + u"/WHEEL"_s, "Wheel-Version: 1.0\nGenerator: kiln-tests (1.0)\nRoot-Is-Purelib: true\n"
                                 "Tag: py3-none-any\n"_ba},
    };
    QByteArray record;
    for (const auto &[path, content] : std::as_const(contents)) {
        const QByteArray digest =
            QCryptographicHash::hash(content, QCryptographicHash::Sha256)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        record += path.toUtf8() + ",sha256=" + digest + ',' + QByteArray::number(content.size()) + '\n';
    }
    record += distInfo.toUtf8() + "/RECORD,,\n";
    contents.append({distInfo + u"/RECORD"_s, record});
    for (const auto &[path, content] : std::as_const(contents)) {
        if (!writeFile(stage + u'/' + path, content, &m_error))
            return false;
    }

    // python3's zipfile: the same module pip reads wheels with.
    const QString target = m_dir->filePath(u"www/files/"_s + file);
    QProcess zip;
    zip.setWorkingDirectory(stage);
    zip.setStandardInputFile(QProcess::nullDevice());
    zip.start(py, {u"-m"_s, u"zipfile"_s, u"-c"_s, target, module, distInfo});
    if (!zip.waitForFinished(30000) || zip.exitStatus() != QProcess::NormalExit || zip.exitCode() != 0) {
        if (zip.state() != QProcess::NotRunning) {
            zip.kill();
            zip.waitForFinished(5000);
        }
        m_error = u"python3 -m zipfile -c %1 failed (exit code %2): %3 %4"_s.arg(target)
                      .arg(zip.exitCode())
                      .arg(zip.errorString(), QString::fromLocal8Bit(zip.readAllStandardError()).trimmed());
        return false;
    }
    QFile wheel(target);
    if (!wheel.open(QIODevice::ReadOnly)) {
        m_error = u"could not read %1: %2"_s.arg(target, wheel.errorString());
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&wheel);
    m_entries.append({normalized, file, hash.result().toHex()});
    return writeIndex();
}

bool WheelServer::writeIndex()
{
    const QString www = m_dir->filePath(u"www"_s);
    QStringList projects;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (!projects.contains(entry.project))
            projects << entry.project;
    }
    QString root = u"<!DOCTYPE html>\n<html><body>\n"_s;
    for (const QString &project : std::as_const(projects)) {
        root += u"<a href=\"%1/\">%1</a>\n"_s.arg(htmlEscape(project));
        QString page = u"<!DOCTYPE html>\n<html><body>\n"_s;
        for (const Entry &entry : std::as_const(m_entries)) {
            if (entry.project == project)
                page += u"<a href=\"../../files/%1#sha256=%2\">%1</a>\n"_s.arg(
                    htmlEscape(entry.file), QString::fromLatin1(entry.sha256Hex));
        }
        page += u"</body></html>\n"_s;
        if (!writeFile(www + u"/simple/"_s + project + u"/index.html"_s, page.toUtf8(), &m_error))
            return false;
    }
    root += u"</body></html>\n"_s;
    return writeFile(www + u"/simple/index.html"_s, root.toUtf8(), &m_error);
}

QString WheelServer::logTail() const
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

bool WheelServer::start()
{
    if (isRunning())
        return true;
    m_error.clear();
    if (python().isEmpty()) {
        m_error = u"python3 was not found (install python3 or set KILN_PYTHON3)"_s;
        return false;
    }
    if (!ensureDirectory())
        return false;
    // The port may be taken between freePort() and the server's bind: try again then.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (startOnce()) {
            startWatchdog();
            return true;
        }
    }
    m_error += u"\nserver log:\n"_s + logTail();
    stop();
    return false;
}

bool WheelServer::startOnce()
{
    m_port = freePort();
    if (m_port == 0) {
        m_error = u"no free TCP port on 127.0.0.1"_s;
        return false;
    }
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    m_process->setProcessEnvironment(env);
    m_process->setProgram(python());
    m_process->setArguments({u"-m"_s, u"http.server"_s, u"--bind"_s, u"127.0.0.1"_s, u"--directory"_s,
                             m_dir->filePath(u"www"_s), QString::number(m_port)});
    m_process->setWorkingDirectory(m_dir->path());
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(m_dir->filePath(u"server.log"_s), QIODevice::Append);
    m_process->setStandardErrorFile(m_dir->filePath(u"server.log"_s), QIODevice::Append);
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        m_error = u"could not start %1: %2"_s.arg(python(), m_process->errorString());
        m_process.reset();
        return false;
    }
    m_pid = m_process->processId();

    return waitForHttp(m_process, u"python3 -m http.server"_s, address(), u"/simple/"_s, 200, kStartTimeoutMs,
                       &m_error);
}

void WheelServer::startWatchdog()
{
    // Kills the server and removes the directory if this process dies without stop().
    KilnTest::startWatchdog(m_dir->path(), u"kill -9 %1 2>/dev/null"_s.arg(m_pid));
}

void WheelServer::stop()
{
    stopProcess(m_process);
    m_entries.clear();
    m_dir.reset();
}

} // namespace KilnTest
