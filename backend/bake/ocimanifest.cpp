#include "ocimanifest.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSysInfo>

#include <openssl/evp.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Kiln::OciManifest", text);
}

OciError protocol(const QString &message)
{
    return OciError{OciError::Code::Protocol, message, 0};
}

bool isManifestType(const QString &mediaType)
{
    return mediaType == OciMediaType::OciManifest || mediaType == OciMediaType::DockerManifest;
}

bool isIndexType(const QString &mediaType)
{
    return mediaType == OciMediaType::OciIndex || mediaType == OciMediaType::DockerManifestList;
}

// Reads typed fields of one JSON object and remembers the first problem, named by
// its path ("layers[2].digest").
class Reader
{
public:
    Reader(QJsonObject object, QString path, std::optional<OciError> *error)
        : m_object(std::move(object))
        , m_path(std::move(path))
        , m_error(error)
    {}

    QString where(const QString &key) const { return m_path.isEmpty() ? key : m_path + u'.' + key; }
    bool has(const QString &key) const { return m_object.contains(key) && !m_object.value(key).isNull(); }
    void fail(const QString &message) const
    {
        if (!*m_error)
            *m_error = protocol(message);
    }

    // The value of `key`; nullopt when it is absent or null (a problem when `required`).
    std::optional<QJsonValue> present(const QString &key, bool required) const
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(tr("\"%1\" is missing").arg(where(key)));
            return std::nullopt;
        }
        return value;
    }

    QString string(const QString &key, bool required = false) const
    {
        const std::optional<QJsonValue> value = present(key, required);
        if (value && !value->isString())
            fail(tr("\"%1\" is not a string").arg(where(key)));
        return value ? value->toString() : QString();
    }
    QStringList strings(const QString &key) const
    {
        QStringList out;
        for (const QJsonValue &item : array(key, false)) {
            if (!item.isString()) {
                fail(tr("\"%1\" holds a value that is not a string").arg(where(key)));
                return {};
            }
            out.append(item.toString());
        }
        return out;
    }
    QMap<QString, QString> stringMap(const QString &key) const
    {
        QMap<QString, QString> out;
        const QJsonObject map = object(key, false);
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString()) {
                fail(tr("\"%1\" holds a value that is not a string").arg(where(key + u'.' + it.key())));
                return {};
            }
            out.insert(it.key(), it.value().toString());
        }
        return out;
    }
    QStringList keys(const QString &key) const { return object(key, false).keys(); }
    QJsonObject object(const QString &key, bool required) const
    {
        const std::optional<QJsonValue> value = present(key, required);
        if (value && !value->isObject())
            fail(tr("\"%1\" is not an object").arg(where(key)));
        return value ? value->toObject() : QJsonObject();
    }
    QJsonArray array(const QString &key, bool required) const
    {
        const std::optional<QJsonValue> value = present(key, required);
        if (value && !value->isArray())
            fail(tr("\"%1\" is not a list").arg(where(key)));
        return value ? value->toArray() : QJsonArray();
    }
    qint64 size(const QString &key) const
    {
        const std::optional<QJsonValue> value = present(key, true);
        if (!value)
            return 0;
        const double number = value->toDouble(-1);
        if (!value->isDouble() || number < 0 || std::floor(number) != number || number > 9.0e15) {
            fail(tr("\"%1\" is not a size in bytes").arg(where(key)));
            return 0;
        }
        return qint64(number);
    }
    QString digest(const QString &key) const
    {
        const QString value = string(key, true);
        if (!value.isEmpty() && !isDigest(value))
            fail(tr("\"%1\" is not a sha256 or sha512 digest: '%2'").arg(where(key), value.left(100)));
        return value;
    }

private:
    QJsonObject m_object;
    QString m_path;
    std::optional<OciError> *m_error;
};

// The JSON object `body` holds, or why it is none.
Result<QJsonObject, OciError> jsonObject(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return protocol(tr("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return protocol(tr("not a JSON object"));
    return doc.object();
}

OciDescriptor readDescriptor(const QJsonObject &object, const QString &path, std::optional<OciError> *error)
{
    const Reader reader(object, path, error);
    OciDescriptor descriptor;
    descriptor.mediaType = reader.string(u"mediaType"_s, true);
    descriptor.digest = reader.digest(u"digest"_s);
    descriptor.size = reader.size(u"size"_s);
    descriptor.urls = reader.strings(u"urls"_s);
    descriptor.annotations = reader.stringMap(u"annotations"_s);
    descriptor.artifactType = reader.string(u"artifactType"_s);
    if (reader.has(u"platform"_s)) {
        const Reader platform(reader.object(u"platform"_s, true), reader.where(u"platform"_s), error);
        OciPlatform value;
        value.os = platform.string(u"os"_s, true);
        value.architecture = platform.string(u"architecture"_s, true);
        value.variant = platform.string(u"variant"_s);
        value.osVersion = platform.string(u"os.version"_s);
        value.osFeatures = platform.strings(u"os.features"_s);
        descriptor.platform = value;
    }
    return descriptor;
}

QList<OciDescriptor> readDescriptors(const Reader &reader, const QString &key, std::optional<OciError> *error)
{
    QList<OciDescriptor> out;
    const QJsonArray array = reader.array(key, true);
    for (qsizetype i = 0; i < array.size() && !*error; ++i) {
        const QString path = reader.where(key) + u'[' + QString::number(i) + u']';
        if (!array.at(i).isObject()) {
            reader.fail(tr("\"%1\" is not an object").arg(path));
            break;
        }
        out.append(readDescriptor(array.at(i).toObject(), path, error));
    }
    return out;
}

// `document` (an OciManifest or an OciIndex) with its bytes and digest, or the first
// problem met while reading it.
template <typename Document>
Result<OciManifestDocument, OciError> finished(Document document, const QByteArray &body,
                                               const std::optional<OciError> &error)
{
    if (error)
        return *error;
    document.body = body;
    document.digest = digestOf(body);
    return OciManifestDocument(std::move(document));
}

// The variant an entry or a wanted platform stands for when it names none.
QString defaultVariant(const QString &architecture)
{
    if (architecture == u"arm64"_s)
        return u"v8"_s;
    if (architecture == u"amd64"_s)
        return u"v1"_s;
    return {};
}

int variantNumber(const QString &variant)
{
    static const QRegularExpression pattern(u"^v(\\d+)$"_s);
    const auto match = pattern.match(variant);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// 0: does not run; higher is better.
int variantScore(const QString &architecture, QString entry, QString wanted)
{
    if (entry.isEmpty())
        entry = defaultVariant(architecture);
    if (wanted.isEmpty())
        wanted = architecture == u"arm"_s ? u"v7"_s : defaultVariant(architecture);
    if (entry.compare(wanted, Qt::CaseInsensitive) == 0)
        return 100;
    if (entry.isEmpty())
        return 10;
    if (architecture == u"arm"_s || architecture == u"amd64"_s) {
        const int have = variantNumber(entry.toLower());
        const int want = variantNumber(wanted.toLower());
        if (have > 0 && want > 0 && have < want)
            return 20 + have;
    }
    return 0;
}

} // namespace

QByteArray OciMediaType::acceptHeader()
{
    return QByteArray(OciManifest.data()) + ", " + QByteArray(OciIndex.data()) + ", " +
           QByteArray(DockerManifest.data()) + ", " + QByteArray(DockerManifestList.data());
}

QString OciPlatform::toString() const
{
    QString out = os + u'/' + architecture;
    if (!variant.isEmpty())
        out += u'/' + variant;
    return out;
}

QString normalizedArchitecture(const QString &architecture)
{
    static const QHash<QString, QString> aliases{
        {u"x86_64"_s, u"amd64"_s},    {u"x86-64"_s, u"amd64"_s},      {u"x64"_s, u"amd64"_s},
        {u"aarch64"_s, u"arm64"_s},   {u"armv8"_s, u"arm64"_s},       {u"armhf"_s, u"arm"_s},
        {u"armel"_s, u"arm"_s},       {u"armv7l"_s, u"arm"_s},        {u"armv7"_s, u"arm"_s},
        {u"armv6l"_s, u"arm"_s},      {u"armv6"_s, u"arm"_s},         {u"armv5"_s, u"arm"_s},
        {u"i386"_s, u"386"_s},        {u"i686"_s, u"386"_s},          {u"x86"_s, u"386"_s},
        {u"ppc64el"_s, u"ppc64le"_s}, {u"mips64el"_s, u"mips64le"_s}, {u"loongarch64"_s, u"loong64"_s},
    };
    const QString lower = architecture.trimmed().toLower();
    return aliases.value(lower, lower);
}

namespace {

// The variant an architecture alias implies ("armhf" -> "v7", "aarch64" -> "").
QString aliasVariant(const QString &alias)
{
    const QString lower = alias.toLower();
    if (lower == u"armhf"_s || lower.startsWith(u"armv7"_s))
        return u"v7"_s;
    if (lower == u"armel"_s || lower.startsWith(u"armv6"_s))
        return u"v6"_s;
    if (lower.startsWith(u"armv5"_s))
        return u"v5"_s;
    return {};
}

} // namespace

std::optional<OciPlatform> parsePlatform(const QString &text)
{
    static const QRegularExpression segment(u"^[a-z0-9][a-z0-9._-]*$"_s);
    const QStringList parts = text.trimmed().toLower().split(u'/');
    if (parts.isEmpty() || parts.size() > 3)
        return std::nullopt;
    for (const QString &part : parts) {
        if (!segment.match(part).hasMatch())
            return std::nullopt;
    }
    OciPlatform platform;
    const QString arch = parts.size() == 1 ? parts.at(0) : parts.at(1);
    platform.os = parts.size() == 1 ? u"linux"_s : parts.at(0);
    platform.architecture = normalizedArchitecture(arch);
    platform.variant = parts.size() == 3 ? parts.at(2) : aliasVariant(arch);
    return platform;
}

OciPlatform hostPlatform()
{
    OciPlatform platform;
    platform.os = u"linux"_s;
    QString arch = QSysInfo::currentCpuArchitecture();
    if (arch == u"power64"_s)
        arch = QSysInfo::ByteOrder == QSysInfo::LittleEndian ? u"ppc64le"_s : u"ppc64"_s;
    else if (arch == u"mips64"_s && QSysInfo::ByteOrder == QSysInfo::LittleEndian)
        arch = u"mips64le"_s;
    platform.architecture = normalizedArchitecture(arch);
    if (platform.architecture == u"arm64"_s)
        platform.variant = u"v8"_s;
    else if (platform.architecture == u"arm"_s)
        platform.variant = u"v7"_s;
    return platform;
}

qint64 OciManifest::totalLayerSize() const
{
    qint64 total = 0;
    for (const OciDescriptor &layer : layers)
        total += layer.size;
    return total;
}

Result<OciManifestDocument, OciError> parseManifestDocument(const QByteArray &body,
                                                            const QString &contentType)
{
    const Result<QJsonObject, OciError> object = jsonObject(body);
    if (!object)
        return object.error();
    std::optional<OciError> error;
    const Reader reader(*object, {}, &error);

    const QString headerType = contentType.section(u';', 0, 0).trimmed().toLower();
    QString mediaType = reader.string(u"mediaType"_s);
    if (error)
        return *error;
    if (mediaType.isEmpty() && (isManifestType(headerType) || isIndexType(headerType)))
        mediaType = headerType;
    if (mediaType.isEmpty()) {
        if (object->contains(u"manifests"_s))
            mediaType = OciMediaType::OciIndex;
        else if (object->contains(u"config"_s))
            mediaType = OciMediaType::OciManifest;
    }
    const QJsonValue schemaVersion = object->value(u"schemaVersion"_s);
    if (schemaVersion.toInt() == 1 ||
        mediaType.startsWith(u"application/vnd.docker.distribution.manifest.v1"_s))
        return protocol(tr("a Docker schema 1 manifest, which is not supported (push the image again with a "
                           "current tool)"));
    if (!isManifestType(mediaType) && !isIndexType(mediaType)) {
        if (mediaType.isEmpty())
            return protocol(tr("neither a manifest nor an index: it has no \"mediaType\", no \"config\" and "
                               "no \"manifests\""));
        return protocol(tr("the media type '%1' is neither an image manifest nor an index").arg(mediaType));
    }
    if (schemaVersion.isUndefined())
        return protocol(tr("\"schemaVersion\" is missing"));
    if (!schemaVersion.isDouble() || schemaVersion.toDouble() != 2)
        return protocol(tr("\"schemaVersion\" is %1, not 2")
                            .arg(QString::fromUtf8(QJsonDocument(QJsonArray{schemaVersion})
                                                       .toJson(QJsonDocument::Compact)
                                                       .mid(1)
                                                       .chopped(1))));

    if (isIndexType(mediaType)) {
        OciIndex index;
        index.mediaType = mediaType;
        index.manifests = readDescriptors(reader, u"manifests"_s, &error);
        index.annotations = reader.stringMap(u"annotations"_s);
        return finished(std::move(index), body, error);
    }
    OciManifest manifest;
    manifest.mediaType = mediaType;
    const QJsonObject config = reader.object(u"config"_s, true);
    if (error)
        return *error;
    manifest.config = readDescriptor(config, u"config"_s, &error);
    manifest.layers = readDescriptors(reader, u"layers"_s, &error);
    manifest.annotations = reader.stringMap(u"annotations"_s);
    return finished(std::move(manifest), body, error);
}

std::optional<qsizetype> choosePlatform(const OciIndex &index, const OciPlatform &wanted)
{
    const QString wantedOs = wanted.os.toLower();
    const QString wantedArch = normalizedArchitecture(wanted.architecture);
    std::optional<qsizetype> best;
    int bestScore = 0;
    for (qsizetype i = 0; i < index.manifests.size(); ++i) {
        const OciDescriptor &entry = index.manifests.at(i);
        if (!isManifestType(entry.mediaType) && !isIndexType(entry.mediaType))
            continue;
        if (!entry.artifactType.isEmpty() || entry.annotations.contains(u"vnd.docker.reference.type"_s))
            continue;
        int score = 1; // no platform: only when nothing else fits
        if (entry.platform) {
            const QString arch = normalizedArchitecture(entry.platform->architecture);
            if (entry.platform->os.toLower() != wantedOs || arch != wantedArch)
                continue;
            QString variant = entry.platform->variant;
            if (variant.isEmpty())
                variant = aliasVariant(entry.platform->architecture);
            score = variantScore(arch, variant, wanted.variant);
            if (score == 0)
                continue;
        }
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

QString describePlatforms(const OciIndex &index)
{
    QStringList out;
    for (const OciDescriptor &entry : index.manifests) {
        if (entry.platform && (isManifestType(entry.mediaType) || isIndexType(entry.mediaType)) &&
            !entry.annotations.contains(u"vnd.docker.reference.type"_s))
            out.append(entry.platform->toString());
    }
    out.removeDuplicates();
    return out.isEmpty() ? tr("none named") : out.join(u", "_s);
}

Result<OciImageConfig, OciError> parseImageConfig(const QByteArray &body)
{
    const Result<QJsonObject, OciError> object = jsonObject(body);
    if (!object)
        return object.error();
    std::optional<OciError> error;
    const Reader reader(*object, {}, &error);
    OciImageConfig config;
    config.architecture = reader.string(u"architecture"_s, true);
    config.os = reader.string(u"os"_s, true);
    config.variant = reader.string(u"variant"_s);
    config.created = reader.string(u"created"_s);
    config.author = reader.string(u"author"_s);
    if (reader.has(u"config"_s)) {
        const Reader run(reader.object(u"config"_s, true), u"config"_s, &error);
        config.env = run.strings(u"Env"_s);
        config.cmd = run.strings(u"Cmd"_s);
        config.entrypoint = run.strings(u"Entrypoint"_s);
        config.workingDir = run.string(u"WorkingDir"_s);
        config.user = run.string(u"User"_s);
        config.labels = run.stringMap(u"Labels"_s);
        config.exposedPorts = run.keys(u"ExposedPorts"_s);
        config.volumes = run.keys(u"Volumes"_s);
        config.stopSignal = run.string(u"StopSignal"_s);
    }
    const Reader rootfs(reader.object(u"rootfs"_s, true), u"rootfs"_s, &error);
    if (error)
        return *error;
    config.rootfsType = rootfs.string(u"type"_s, true);
    config.diffIds = rootfs.strings(u"diff_ids"_s);
    if (!error && !object->value(u"rootfs"_s).toObject().value(u"diff_ids"_s).isArray())
        rootfs.fail(tr("\"rootfs.diff_ids\" is missing"));
    if (!error && config.rootfsType != u"layers"_s)
        rootfs.fail(tr("\"rootfs.type\" is '%1', not 'layers'").arg(config.rootfsType));
    for (qsizetype i = 0; i < config.diffIds.size() && !error; ++i) {
        if (!isDigest(config.diffIds.at(i)))
            rootfs.fail(tr("\"rootfs.diff_ids[%1]\" is not a sha256 or sha512 digest").arg(i));
    }
    if (error)
        return *error;
    config.digest = digestOf(body);
    return config;
}

std::optional<std::pair<QString, QString>> splitDigest(const QString &digest)
{
    static const QRegularExpression sha256(u"^sha256:([a-f0-9]{64})$"_s);
    static const QRegularExpression sha512(u"^sha512:([a-f0-9]{128})$"_s);
    if (const auto m = sha256.match(digest); m.hasMatch())
        return std::pair{u"sha256"_s, m.captured(1)};
    if (const auto m = sha512.match(digest); m.hasMatch())
        return std::pair{u"sha512"_s, m.captured(1)};
    return std::nullopt;
}

bool isDigest(const QString &digest)
{
    return splitDigest(digest).has_value();
}

QString digestOf(QByteArrayView data, const QString &algorithm)
{
    OciDigester digester(algorithm);
    digester.add(data);
    return digester.finish();
}

struct OciDigester::Context
{
    EVP_MD_CTX *ctx = nullptr;
    const EVP_MD *md = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

OciDigester::OciDigester(const QString &algorithm)
    : m_context(std::make_unique<Context>())
    , m_algorithm(algorithm)
{
    if (algorithm == u"sha256"_s)
        m_context->md = EVP_sha256();
    else if (algorithm == u"sha512"_s)
        m_context->md = EVP_sha512();
    m_context->ctx = EVP_MD_CTX_new();
    reset();
}

OciDigester::~OciDigester() = default;
OciDigester::OciDigester(OciDigester &&) noexcept = default;
OciDigester &OciDigester::operator=(OciDigester &&) noexcept = default;

bool OciDigester::isValid() const
{
    return m_context && m_context->md && m_context->ctx;
}

void OciDigester::reset()
{
    m_bytes = 0;
    if (isValid() && EVP_DigestInit_ex(m_context->ctx, m_context->md, nullptr) != 1)
        m_context->md = nullptr;
}

void OciDigester::add(QByteArrayView data)
{
    if (!isValid() || data.isEmpty())
        return;
    EVP_DigestUpdate(m_context->ctx, data.data(), size_t(data.size()));
    m_bytes += data.size();
}

QString OciDigester::finish()
{
    if (!isValid())
        return {};
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->ctx, out, &length);
    reset();
    return m_algorithm + u':' +
           QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), int(length)).toHex());
}

} // namespace Kiln
