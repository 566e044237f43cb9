#include "bakeregistration.h"

#include "imagereference.h"
#include "names.h"
#include "textscan.h"

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace Kiln {

using TextScan::describeCharacter;
using TextScan::isAsciiDigit;

namespace {

ValidationError fieldError(const QString &field, const QString &message, qsizetype column, int line = 0)
{
    return ValidationError{message, int(column), line, field};
}

// The 0-based index of the first line break (or other control character) in
// `text`, or -1.
qsizetype firstControl(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].category() == QChar::Other_Control)
            return i;
    }
    return -1;
}

// A whole number from 1 to `max`; `what` completes "must be a positive ...".
Result<qint64> parsePositive(QStringView text, qint64 max, const QString &field, const QString &what)
{
    const QString positive = u"must be a positive %1"_s.arg(what);
    if (text.isEmpty())
        return fieldError(field, positive, 1);
    qint64 value = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!isAsciiDigit(text[i]))
            return fieldError(field, u"%1 is not a digit; %2"_s.arg(describeCharacter(text, i), positive),
                              i + 1);
        value = value * 10 + (text[i].unicode() - u'0');
        if (value > max)
            return fieldError(field, u"is more than the limit of %1; %2"_s.arg(max).arg(positive), 1);
    }
    if (value == 0)
        return fieldError(field, positive, 1);
    return value;
}

void optionalPositive(const QString &text, const QString &field, const QString &what,
                      std::optional<qint64> &out, QList<ValidationError> &errors)
{
    if (text.isEmpty())
        return;
    auto parsed = parsePositive(text, std::numeric_limits<qint64>::max() / 10, field, what);
    if (parsed)
        out = parsed.value();
    else
        errors.append(parsed.error());
}

struct SourcePrefix
{
    QStringView prefix;
    BakeSourceKind kind;
    bool detect;
};

constexpr std::array<SourcePrefix, 5> kSourcePrefixes{{
    {u"oci", BakeSourceKind::Oci, false},
    {u"tar", BakeSourceKind::RootfsTar, true},
    {u"docker-archive", BakeSourceKind::DockerArchive, false},
    {u"oci-archive", BakeSourceKind::OciArchive, false},
    {u"rootfs-tar", BakeSourceKind::RootfsTar, false},
}};

} // namespace

Result<BakeSource> parseBakeSource(QStringView text, bool *detectTarKind)
{
    const QString &field = BakeField::Source;
    const QString usage = u"use oci:REFERENCE for an image in a registry or tar:/PATH for a tar file"_s;
    if (text.isEmpty())
        return fieldError(field, u"the source is empty; %1"_s.arg(usage), 1);
    const qsizetype colon = text.indexOf(u':');
    const SourcePrefix *found = nullptr;
    if (colon > 0) {
        for (const SourcePrefix &candidate : kSourcePrefixes) {
            if (candidate.prefix == text.first(colon))
                found = &candidate;
        }
    }
    if (!found) {
        // "kind:/path" with a kind Kiln does not know; anything else lacks a prefix.
        if (colon > 0 && text.sliced(colon + 1).startsWith(u'/') && firstControl(text.first(colon)) < 0)
            return fieldError(field, u"unknown source kind '%1'; %2"_s.arg(text.first(colon), usage), 1);
        return fieldError(field, u"the source must start with oci: or tar:; %1"_s.arg(usage), 1);
    }
    const QStringView ref = text.sliced(colon + 1);
    const qsizetype offset = colon + 1; // columns of `ref` start after the prefix
    if (found->kind == BakeSourceKind::Oci) {
        auto reference = parseImageReference(ref);
        if (!reference) {
            return fieldError(field, u"image reference: %1"_s.arg(reference.error().message),
                              reference.error().column + offset);
        }
    } else {
        if (ref.isEmpty())
            return fieldError(field,
                              u"the tar path is empty; give an absolute path, e.g. tar:/srv/rootfs.tar"_s,
                              offset + 1);
        if (!ref.startsWith(u'/'))
            return fieldError(field, u"the tar path must be absolute (start with '/')"_s, offset + 1);
        if (const qsizetype bad = firstControl(ref); bad >= 0) {
            return fieldError(field, u"%1 is not allowed in a path"_s.arg(describeCharacter(ref, bad)),
                              offset + bad + 1);
        }
        if (ref.endsWith(u'/'))
            return fieldError(field, u"the tar path names a directory; give the path of a tar file"_s,
                              offset + ref.size());
    }
    if (detectTarKind)
        *detectTarKind = found->detect;
    return BakeSource{found->kind, ref.toString()};
}

Result<ValidBakeRegistration, QList<ValidationError>> validateBakeRegistration(const BakeRegistration &input,
                                                                               bool superAdmin)
{
    QList<ValidationError> errors;
    ValidBakeRegistration out;
    BakeImage &image = out.image;

    if (auto name = validateName(input.name); name) {
        image.name = name.value();
    } else {
        ValidationError error = name.error();
        error.field = BakeField::Name;
        errors.append(error);
    }

    if (const qsizetype bad = firstControl(input.displayName); bad >= 0) {
        errors.append(fieldError(BakeField::DisplayName,
                                 u"%1 is not allowed"_s.arg(describeCharacter(input.displayName, bad)),
                                 bad + 1));
    }
    image.displayName = input.displayName.trimmed().isEmpty() ? input.name : input.displayName.trimmed();
    image.description = input.description;

    if (auto source = parseBakeSource(input.source, &out.detectTarKind); source)
        image.source = source.value();
    else
        errors.append(source.error());

    if (auto size = parsePositive(input.sizeMib, kMaxBakeSizeMib, BakeField::Size, u"number of MiB"_s); size)
        image.sizeMib = size.value();
    else
        errors.append(size.error());

    optionalPositive(input.cpuMillicores, BakeField::Cpu, u"whole number of millicores"_s,
                     image.defaultCpuMillicores, errors);
    optionalPositive(input.memoryMb, BakeField::Memory, u"whole number of MB"_s, image.defaultMemoryMb,
                     errors);
    optionalPositive(input.diskMb, BakeField::Disk, u"whole number of MB"_s, image.defaultDiskMb, errors);

    if (input.scope.isEmpty()) {
        image.scope = BakeScope::Tenant;
    } else if (auto scope = bakeScopeFromName(input.scope)) {
        image.scope = *scope;
        if (*scope == BakeScope::Platform && !superAdmin) {
            errors.append(
                fieldError(BakeField::Scope,
                           u"platform scope is for super-admins; enable the bake.superAdmin setting "
                           "to register platform images"_s,
                           1));
        }
    } else {
        errors.append(fieldError(
            BakeField::Scope, u"unknown scope '%1'; use tenant, partner or platform"_s.arg(input.scope), 1));
    }

    image.lazyPull = input.lazyPull;

    for (qsizetype i = 0; i < input.preinstalled.size(); ++i) {
        const QString &entry = input.preinstalled[i];
        const int line = int(i + 1);
        if (entry.trimmed().isEmpty()) {
            errors.append(fieldError(BakeField::Preinstalled,
                                     u"the entry is empty; remove it or name the software"_s, 1, line));
            continue;
        }
        if (const qsizetype bad = firstControl(entry); bad >= 0) {
            errors.append(fieldError(
                BakeField::Preinstalled,
                u"%1 is not allowed in an entry; give one entry each"_s.arg(describeCharacter(entry, bad)),
                bad + 1, line));
            continue;
        }
        image.preinstalled.append(entry.trimmed());
    }

    if (!errors.isEmpty())
        return errors;
    return out;
}

} // namespace Kiln
