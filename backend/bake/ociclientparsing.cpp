// The pure functions of ociclient.h: endpoints, WWW-Authenticate, Link, suggestions, names.
#include "ociclient.h"

#include "store/registryrepository.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kiln {

OciEndpoint endpointFor(const Registry &registry)
{
    OciEndpoint endpoint;
    endpoint.host = registryHost(registry);
    const QString url = registry.publicUrl.trimmed().toLower();
    if (url.startsWith(u"http://"_s))
        endpoint.tls = false;
    else if (url.startsWith(u"https://"_s))
        endpoint.tls = true;
    else
        endpoint.tls = registry.tlsVerify;
    endpoint.verifyPeer = registry.tlsVerify;
    endpoint.caFile = registry.customCaFile;
    return endpoint;
}

std::optional<OciChallenge> parseWwwAuthenticate(const QByteArray &header)
{
    const QString text = QString::fromLatin1(header).trimmed();
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && !text.at(i).isSpace() && text.at(i) != u',')
        ++i;
    OciChallenge challenge;
    challenge.scheme = text.left(i);
    if (challenge.scheme.isEmpty() || challenge.scheme.contains(u'='))
        return std::nullopt;
    while (i < n) {
        while (i < n && (text.at(i).isSpace() || text.at(i) == u','))
            ++i;
        const qsizetype nameStart = i;
        while (i < n && text.at(i) != u'=' && !text.at(i).isSpace() && text.at(i) != u',')
            ++i;
        const QString name = text.mid(nameStart, i - nameStart).toLower();
        while (i < n && text.at(i).isSpace())
            ++i;
        if (name.isEmpty())
            break;
        if (i >= n || text.at(i) != u'=')
            break; // a second challenge ("Basic realm=x, Bearer ...") or a token68: stop here
        ++i;
        while (i < n && text.at(i).isSpace())
            ++i;
        QString value;
        if (i < n && text.at(i) == u'"') {
            ++i;
            while (i < n && text.at(i) != u'"') {
                if (text.at(i) == u'\\' && i + 1 < n)
                    ++i;
                value += text.at(i);
                ++i;
            }
            ++i; // closing quote
        } else {
            const qsizetype valueStart = i;
            while (i < n && text.at(i) != u',' && !text.at(i).isSpace())
                ++i;
            value = text.mid(valueStart, i - valueStart);
        }
        challenge.params.insert(name, value);
    }
    return challenge;
}

QString nextLinkTarget(const QByteArray &linkHeader)
{
    // Link: </v2/_catalog?last=b&n=2>; rel="next", <...>; rel="prev"
    static const QRegularExpression link(uR"re(<([^>]*)>\s*((?:;\s*[^;,]*)*))re"_s);
    static const QRegularExpression relNext(uR"re(;\s*rel\s*=\s*"?([^";,]*)"?)re"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    auto it = link.globalMatch(QString::fromLatin1(linkHeader));
    while (it.hasNext()) {
        const auto m = it.next();
        const auto rel = relNext.match(m.captured(2));
        if (rel.hasMatch() && rel.captured(1).split(u' ', Qt::SkipEmptyParts).contains(u"next"_s))
            return m.captured(1);
    }
    return {};
}

QStringList imageSuggestions(const QString &prefix, const QStringList &repositories,
                             const QHash<QString, QStringList> &tags)
{
    const QString host = prefix.section(u'/', 0, 0);
    const QString path = prefix.section(u'/', 1);
    QStringList out;
    for (const QString &repository : repositories) {
        if (!path.isEmpty() && repository != path && !repository.startsWith(path + u'/'))
            continue;
        for (const QString &tag : tags.value(repository))
            out.append(host + u'/' + repository + u':' + tag);
    }
    out.sort();
    out.removeDuplicates();
    return out;
}

bool isRepositoryName(const QString &name)
{
    static const QRegularExpression grammar(
        uR"(^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$)"_s);
    return name.size() <= 255 && grammar.match(name).hasMatch();
}

} // namespace Kiln
