#include "workerurl.h"

#include "names.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

const QString kWorkerUrlField = u"URL"_s;

ValidationError workerUrlError(const QString &message, qsizetype column)
{
    return ValidationError(message, int(column), 0, kWorkerUrlField);
}

bool isWorkerHostChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' ||
           c == u'.';
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    if (bare.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(bare);
    return !address.isNull() && address.isLoopback();
}

Result<Done> validateWorkerUrl(const QString &url)
{
    if (url.trimmed().isEmpty())
        return workerUrlError(u"a URL is required, e.g. https://worker-1.example.org:8443"_s, 1);
    qsizetype start = 0;
    bool https = false;
    if (url.startsWith(u"https://"_s, Qt::CaseInsensitive)) {
        start = 8;
        https = true;
    } else if (url.startsWith(u"http://"_s, Qt::CaseInsensitive)) {
        start = 7;
    } else {
        return workerUrlError(u"the URL must start with https:// (or http:// for a worker on this machine)"_s,
                              1);
    }
    qsizetype end = start;
    while (end < url.size() && url.at(end) != u'/' && url.at(end) != u'?' && url.at(end) != u'#')
        ++end;
    const QStringView authority = QStringView(url).mid(start, end - start);
    if (authority.isEmpty())
        return workerUrlError(u"a host is missing after the scheme"_s, start + 1);
    if (authority.contains(u'@'))
        return workerUrlError(
            u"a user name or password cannot be part of the URL (the token is kept apart)"_s, start + 1);
    qsizetype hostEnd = 0; // in authority
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return workerUrlError(u"the IPv6 address is missing its closing ']'"_s, end + 1);
        for (qsizetype i = 1; i < close; ++i) {
            const QChar c = authority.at(i).toLower();
            if (!(c.isDigit() || (c >= u'a' && c <= u'f') || c == u':' || c == u'.'))
                return workerUrlError(u"'%1' cannot be part of an IPv6 address"_s.arg(authority.at(i)),
                                      start + i + 1);
        }
        if (QHostAddress(authority.mid(1, close - 1).toString()).isNull())
            return workerUrlError(u"not a valid IPv6 address"_s, start + 2);
        hostEnd = close + 1;
    } else {
        hostEnd = authority.indexOf(u':');
        if (hostEnd < 0)
            hostEnd = authority.size();
        if (hostEnd == 0)
            return workerUrlError(u"a host is missing before the port"_s, start + 1);
        for (qsizetype i = 0; i < hostEnd; ++i) {
            if (!isWorkerHostChar(authority.at(i)))
                return workerUrlError(u"'%1' cannot be part of a host name"_s.arg(authority.at(i)),
                                      start + i + 1);
        }
        if (authority.at(0) == u'.' || authority.at(0) == u'-')
            return workerUrlError(u"a host name cannot start with '%1'"_s.arg(authority.at(0)), start + 1);
    }
    if (hostEnd < authority.size()) {
        if (authority.at(hostEnd) != u':')
            return workerUrlError(u"expected ':' and a port after the host"_s, start + hostEnd + 1);
        const QStringView port = authority.mid(hostEnd + 1);
        if (port.isEmpty())
            return workerUrlError(u"a port is missing after ':'"_s, start + hostEnd + 2);
        for (qsizetype i = 0; i < port.size(); ++i) {
            if (!port.at(i).isDigit())
                return workerUrlError(u"a port is a number"_s, start + hostEnd + 2 + i);
        }
        bool ok = false;
        const int number = port.toInt(&ok);
        if (!ok || number < 1 || number > 65535)
            return workerUrlError(u"a port is a number from 1 to 65535"_s, start + hostEnd + 2);
    }
    for (qsizetype i = end; i < url.size(); ++i) {
        const QChar c = url.at(i);
        if (c == u'?' || c == u'#')
            return workerUrlError(u"a worker URL has no query or fragment ('%1')"_s.arg(c), i + 1);
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return workerUrlError(u"blanks and control characters cannot be part of a URL"_s, i + 1);
    }
    const QString host = authority.left(hostEnd).toString();
    if (!https && !isLoopbackHost(host))
        return workerUrlError(u"use https:// for %1: the worker token would cross the network in clear text "
                              "(http:// is only for a worker on this machine)"_s.arg(host),
                              1);
    if (!QUrl(url, QUrl::StrictMode).isValid())
        return workerUrlError(u"not a valid URL"_s, 1);
    return Done{};
}

Result<Done> validateWorkerToken(const QString &token)
{
    if (token.isEmpty())
        return ValidationError(u"a token is required: `kiln-worker token create` prints one"_s, 1, 0,
                               WorkerField::Token);
    for (qsizetype i = 0; i < token.size(); ++i) {
        if (token.at(i).isSpace() || token.at(i).category() == QChar::Other_Control ||
            token.at(i).unicode() > 0x7e)
            return ValidationError(u"a token is one word of printable ASCII characters"_s, int(i + 1), 0,
                                   WorkerField::Token);
    }
    if (!token.startsWith(u"kw_"_s))
        return ValidationError(u"a kiln-worker token starts with kw_"_s, 1, 0, WorkerField::Token);
    return Done{};
}

QList<ValidationError> validateWorkerForm(const WorkerForm &form)
{
    QList<ValidationError> errors;
    const QString name = form.name.trimmed();
    if (name.isEmpty()) {
        errors.append(ValidationError(u"a name is required: lowercase letters, digits and '-'"_s, 1, 0,
                                      WorkerField::Name));
    } else if (const auto valid = validateName(name); !valid.ok()) {
        ValidationError error = valid.error();
        error.field = WorkerField::Name;
        errors.append(error);
    }
    if (const auto url = validateWorkerUrl(form.url.trimmed()); !url.ok())
        errors.append(url.error());
    if (const auto token = validateWorkerToken(form.token.trimmed()); !token.ok())
        errors.append(token.error());
    const QString ca = form.caFile.trimmed();
    if (!ca.isEmpty() && !ca.startsWith(u'/'))
        errors.append(ValidationError(u"'%1' is not an absolute path; start it with /"_s.arg(ca), 1, 0,
                                      WorkerField::CaFile));
    return errors;
}

} // namespace Kiln
