#pragma once

// Internal to the OCI sources (ociclient.cpp, ociblobs.cpp): how their futures are
// made and finished, and their errors made.

#include "ociclient.h"

#include <QPromise>

#include <memory>

namespace Kiln {

template <typename T>
using PromisePtr = std::shared_ptr<QPromise<Result<T, OciError>>>;

template <typename T>
PromisePtr<T> startedPromise()
{
    auto promise = std::make_shared<QPromise<Result<T, OciError>>>();
    promise->start();
    return promise;
}

template <typename T>
void fulfil(const PromisePtr<T> &promise, Result<T, OciError> value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

inline OciError ociError(OciError::Code code, const QString &message, int status = 0)
{
    return OciError{code, message, status};
}

} // namespace Kiln
