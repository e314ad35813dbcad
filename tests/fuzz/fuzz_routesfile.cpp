#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "routes/routesfile.h"

// A routes file, and the promise RoutesFile::serialize makes: what parsed writes out as lines
// that parse back to the same routes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const RoutesParseResult result = RoutesFile::parse(text, QStringLiteral("fuzz"));
    if (!result.ok() || result.routes.isEmpty())
        return 0;
    const QByteArray written = RoutesFile::serialize(result.routes);
    const RoutesParseResult again = RoutesFile::parse(written, QStringLiteral("again"));
    if (!again.ok() || again.routes != result.routes)
        std::abort();
    return 0;
}
