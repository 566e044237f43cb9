#include "workerbuildrequest.h"

#include "store/specrepository.h"

using namespace Qt::StringLiterals;

namespace Kiln {

Result<BuildRequest, StoreError> buildRequestFor(const Catalogue &catalogue, const QString &revisionId,
                                                 const QString &targetImage)
{
    SpecRepository specs(catalogue);
    auto revision = specs.revision(revisionId);
    if (!revision)
        return revision.error();
    auto spec = specs.get(revision.value().specId);
    if (!spec)
        return spec.error();
    const SpecContent &content = revision.value().content;
    if (!content.pullSecretRef.isEmpty()) {
        return StoreError{
            StoreError::Code::Invalid,
            u"The spec %1 pulls its base image with the secret %2, and a worker keeps no "
            "credentials: build it here instead."_s.arg(spec.value().name, content.pullSecretRef)};
    }
    auto revisions = specs.revisions(spec.value().id); // newest first
    if (!revisions)
        return revisions.error();
    qint64 number = 0;
    for (qsizetype i = 0; i < revisions.value().size(); ++i) {
        if (revisions.value().at(i).id == revisionId)
            number = revisions.value().size() - i;
    }
    BuildRequest request;
    request.spec = {spec.value().name, content.baseImage, content.aptPackages, content.condaPackages,
                    content.pipPackages};
    request.revision = qMax<qint64>(1, number);
    request.targetImage = targetImage;
    return request;
}

} // namespace Kiln
