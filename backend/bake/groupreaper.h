#pragma once

#include <QtGlobal>

namespace Kiln::GroupReaper {

// Kills engine process groups that this process leaves behind when it dies
// without cleaning up (kill -9, a crash). The first watch() starts one small
// watchdog process (sh) for the life of this process. It polls twice a second;
// once this process is gone it SIGKILLs every group still registered. A
// registered group is a file named after its id in a private 0700 directory;
// the watchdog exits without killing anything when the directory goes away,
// which it does when this process exits normally.
//
// PR_SET_PDEATHSIG alone is not enough: it reaches the engine, but not the RUN
// step the engine started (buildah's chroot runtime keeps running).
void watch(qint64 processGroup);
void unwatch(qint64 processGroup);

} // namespace Kiln::GroupReaper
