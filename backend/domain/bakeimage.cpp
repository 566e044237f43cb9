#include "bakeimage.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, QStringView>, N> &names, Enum value)
{
    for (const auto &[e, name] : names) {
        if (e == value)
            return name.toString();
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, QStringView>, N> &names, QStringView name)
{
    for (const auto &[e, text] : names) {
        if (text == name)
            return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<BakeSourceKind, QStringView>, 4> kSourceKinds{{
    {BakeSourceKind::Oci, u"oci"},
    {BakeSourceKind::DockerArchive, u"docker-archive"},
    {BakeSourceKind::OciArchive, u"oci-archive"},
    {BakeSourceKind::RootfsTar, u"rootfs-tar"},
}};

constexpr std::array<std::pair<BakeScope, QStringView>, 3> kScopes{{
    {BakeScope::Tenant, u"tenant"},
    {BakeScope::Partner, u"partner"},
    {BakeScope::Platform, u"platform"},
}};

constexpr std::array<std::pair<ScanStatus, QStringView>, 4> kScanStatuses{{
    {ScanStatus::Pending, u"pending"},
    {ScanStatus::Passed, u"passed"},
    {ScanStatus::Failed, u"failed"},
    {ScanStatus::Skipped, u"skipped"},
}};

constexpr std::array<std::pair<BakeState, QStringView>, 6> kStates{{
    {BakeState::Registered, u"registered"},
    {BakeState::Queued, u"queued"},
    {BakeState::Baking, u"baking"},
    {BakeState::Baked, u"baked"},
    {BakeState::Failed, u"failed"},
    {BakeState::Cancelled, u"cancelled"},
}};

} // namespace

QString bakeSourceKindName(BakeSourceKind kind)
{
    return nameOf(kSourceKinds, kind);
}

std::optional<BakeSourceKind> bakeSourceKindFromName(QStringView name)
{
    return valueOf(kSourceKinds, name);
}

QString BakeSource::text() const
{
    return (isTar() ? u"tar:"_s : u"oci:"_s) + ref;
}

QString bakeScopeName(BakeScope scope)
{
    return nameOf(kScopes, scope);
}

std::optional<BakeScope> bakeScopeFromName(QStringView name)
{
    return valueOf(kScopes, name);
}

QString scanStatusName(ScanStatus status)
{
    return nameOf(kScanStatuses, status);
}

std::optional<ScanStatus> scanStatusFromName(QStringView name)
{
    return valueOf(kScanStatuses, name);
}

QString bakeStateName(BakeState state)
{
    return nameOf(kStates, state);
}

std::optional<BakeState> bakeStateFromName(QStringView name)
{
    return valueOf(kStates, name);
}

} // namespace Kiln
