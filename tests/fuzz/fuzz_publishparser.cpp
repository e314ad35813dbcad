#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "grip/publishparser.h"

// A POST /publish/ body: whatever it is, the result is all items or one error, never both.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const PublishParseResult result = PublishParser::parse(json);
    if (!result.ok() && !result.items.isEmpty())
        std::abort();
    return 0;
}
